import type { Problem } from '../errors.js';

/** A field's place in a document: keys and list indexes, from the top. */
export type PathSegment = string | number;

/** A parsed input file that can say where any field path sits in the text. */
export interface SourceDocument {
  file: string;
  data: unknown;
  locate(path: readonly PathSegment[]): { line: number; column: number };
}

export type ParseResult = { ok: true; source: SourceDocument } | { ok: false; problems: Problem[] };
