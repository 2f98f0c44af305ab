import nodePath from 'node:path';
import type { z } from 'zod';
import { closest, distance } from 'fastest-levenshtein';
import type { Problem } from '../errors.js';
import type { PathSegment, SourceDocument } from '../load/source-document.js';

/** `implications[2].contact.email` */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

/**
 * Turns every zod issue into a located problem, in document order. With the schema, an unknown
 * field is answered with the field it most likely meant ("did you mean accountableMember?").
 */
export function problemsFromIssues(source: SourceDocument, issues: readonly z.core.$ZodIssue[], schema?: z.core.$ZodType): Problem[] {
  const problems = issues.flatMap((issue) => {
    const path = issue.path.filter((part): part is PathSegment => typeof part !== 'symbol');
    // An unknown field is reported at the field itself, one problem per field.
    if (issue.code === 'unrecognized_keys') {
      const known = schema ? fieldsAt(schema, path) : [];
      return issue.keys.map((key) => located(source, [...path, key], unknownFieldMessage(key, known)));
    }
    // Of a union (a paragraph is text, or text with sub-paragraphs), the one option whose kind the
    // value is says what is wrong with it, where it is wrong.
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const matching = issue.errors.filter((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
      const only = matching.length === 1 ? matching[0] : undefined;
      if (only)
        return problemsFromIssues(
          source,
          only.map((inner) => ({ ...inner, path: [...path, ...inner.path] })),
          schema,
        );
    }
    return [located(source, path, issue.message)];
  });
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** A problem at a field of a document: its line, column and path. */
export function located(source: SourceDocument, path: readonly PathSegment[], message: string): Problem {
  const at = source.locate(path);
  return { file: source.file, line: at.line, column: at.column, path: formatPath(path), message };
}

/** A file as a message names it: relative to the working folder when inside it. */
export function shownFile(file: string): string {
  const relative = nodePath.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

function unknownFieldMessage(key: string, known: readonly string[]): string {
  const guess =
    known.length > 0
      ? closest(
          key.toLowerCase(),
          known.map((name) => name.toLowerCase()),
        )
      : undefined;
  const meant = guess === undefined ? undefined : known.find((name) => name.toLowerCase() === guess);
  // A guess only when it is close: at most a third of the letters differ.
  if (meant && distance(key.toLowerCase(), guess as string) <= Math.max(1, Math.floor(meant.length / 3))) return `unknown field; did you mean "${meant}"?`;
  return known.length > 0 ? `unknown field; expected one of: ${known.join(', ')}` : 'unknown field; check its spelling against the data format in the README';
}

/** The field names an object schema takes at a path of the data (lists, optional and default values looked through). */
export function fieldsAt(schema: z.core.$ZodType, path: readonly PathSegment[]): string[] {
  let current: z.core.$ZodType | undefined = schema;
  for (const part of [...path, undefined]) {
    current = current && unwrap(current);
    if (!current) return [];
    const def: z.core.$ZodTypeDef = current._zod.def;
    if (part === undefined) return def.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : [];
    if (def.type === 'object' && typeof part === 'string') current = (def as z.core.$ZodObjectDef).shape[part];
    else if (def.type === 'array' && typeof part === 'number') current = (def as z.core.$ZodArrayDef).element;
    else return [];
  }
  return [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = current._zod.def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault' || def.type === 'nullable' || def.type === 'readonly' || def.type === 'nonoptional' || def.type === 'catch')
      current = (def as z.core.$ZodOptionalDef).innerType;
    else if (def.type === 'pipe') current = (def as z.core.$ZodPipeDef).in;
    else return current;
  }
  return current;
}
