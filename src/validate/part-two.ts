import type { Problem } from '../errors.js';
import type { PathSegment, SourceDocument } from '../load/source-document.js';
import type { Meeting } from '../schema/meeting.js';
import { located, shownFile } from './issues.js';

/** What the Part 2 rule reads of an agenda item as loaded (a PackItem of src/meeting/pack-model.ts). */
export interface ItemInPart {
  /** Its place on the agenda, from 1. */
  number: number;
  kind: 'procedural' | 'report' | 'exclusion';
  title: string;
  /** Schedule 12A paragraphs: non-empty for an exempt item. */
  exemptParagraphs: readonly number[];
  /** The file that makes it exempt when the agenda does not say so itself (its papers are an exempt report). */
  exemptBy: string | undefined;
}

/**
 * Part 2 of an agenda: exempt items come after the resolution to exclude the press and public
 * (an item of type "exclusion"), public ones before it; the resolution needs at least one exempt
 * item after it, and there is at most one.
 */
export function partTwoProblems(meeting: Meeting, items: readonly ItemInPart[], source: SourceDocument): Problem[] {
  const problems: Problem[] = [];
  // Positions come from each item's number: an item whose report could not be loaded is missing
  // from `items`, so positions in that list are not positions on the agenda.
  const exclusionIndex = meeting.items.findIndex((item) => item.type === 'exclusion');
  for (const item of items) {
    const index = item.number - 1;
    if (item.exemptParagraphs.length > 0 && (exclusionIndex < 0 || index < exclusionIndex)) {
      const why = item.exemptBy ? ` (its papers ${shownFile(item.exemptBy)} are an exempt report, paragraph(s) ${item.exemptParagraphs.join(', ')} of Schedule 12A)` : '';
      const fieldPath: PathSegment[] = item.exemptBy ? ['items', index, 'papers'] : ['items', index];
      problems.push(located(source, fieldPath, `"${item.title}" is exempt${why}, so it must come after an item of type "exclusion" (the resolution to exclude the press and public)`));
    }
    if (index > exclusionIndex && exclusionIndex >= 0 && item.kind !== 'exclusion' && item.exemptParagraphs.length === 0) {
      problems.push(located(source, ['items', index], `"${item.title}" is public but comes after the resolution to exclude the press and public; move it before that item`));
    }
  }
  if (exclusionIndex >= 0 && !items.some((item) => item.number - 1 > exclusionIndex && item.exemptParagraphs.length > 0)) {
    problems.push(located(source, ['items', exclusionIndex], 'the resolution to exclude the press and public needs at least one exempt item after it'));
  }
  if (meeting.items.filter((item) => item.type === 'exclusion').length > 1) {
    problems.push(located(source, ['items'], 'expected at most one resolution to exclude the press and public'));
  }
  return problems;
}
