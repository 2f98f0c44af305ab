import type { z } from 'zod';
import type { Problem } from '../errors.js';
import type { PathSegment, SourceDocument } from '../load/source.js';

/** `implications[2].contact.email` */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

/** Turns every zod issue into a located problem, in document order. */
export function problemsFromIssues(source: SourceDocument, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const problems = issues.flatMap((issue) => {
    const path = issue.path.filter((part): part is PathSegment => typeof part !== 'symbol');
    // An unknown field is reported at the field itself, one problem per field.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => located(source, [...path, key], 'unknown field; check its spelling against the data format in the README'));
    }
    return [located(source, path, issue.message)];
  });
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function located(source: SourceDocument, path: PathSegment[], message: string): Problem {
  const at = source.locate(path);
  return { file: source.file, line: at.line, column: at.column, path: formatPath(path), message };
}
