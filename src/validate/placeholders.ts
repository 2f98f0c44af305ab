import type { Problem } from '../errors.js';
import type { PathSegment, SourceDocument } from '../load/source-document.js';
import { formatPath } from './issues.js';

/** How a starting file (papers new) marks a value the author must write. */
const PLACEHOLDER = /^REPLACE\b:?\s*/;

/**
 * Every value still holding a placeholder from `papers new`, located, saying what belongs there:
 * so a starting file cannot be built with its sample wording.
 */
export function placeholderProblems(source: SourceDocument): Problem[] {
  const problems: Problem[] = [];
  const visit = (value: unknown, path: PathSegment[], depth: number) => {
    if (depth > 32) return;
    if (typeof value === 'string') {
      if (!PLACEHOLDER.test(value)) return;
      const at = source.locate(path);
      problems.push({ file: source.file, line: at.line, column: at.column, path: formatPath(path), message: `still the placeholder from papers new: write ${value.replace(PLACEHOLDER, '').replace(/\s+/g, ' ').trim() || 'the value'}` });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, index], depth + 1);
      });
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key], depth + 1);
    }
  };
  visit(source.data, [], 0);
  return problems;
}

/** The problems, a placeholder's own taking the place of the schema's at the same field (a date that is still "REPLACE: …" is one problem, not two). */
export function withPlaceholders(problems: readonly Problem[], placeholders: readonly Problem[]): Problem[] {
  if (placeholders.length === 0) return [...problems];
  const held = new Set(placeholders.map((problem) => problem.path));
  return [...problems.filter((problem) => !held.has(problem.path)), ...placeholders].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
