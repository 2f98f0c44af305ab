import path from 'node:path';
import type { Problem } from '../errors.js';
import type { CouncilConfig } from '../schema/council.js';
import { loadSource } from '../load/source.js';
import type { PathSegment, SourceDocument } from '../load/source-document.js';
import { outcomesSchema, type Outcomes } from '../schema/outcomes.js';
import { formatPath, problemsFromIssues } from '../validate/issues.js';
import { loadMeeting } from '../meeting/load-meeting.js';
import { itemsAsHeld, type ResolvedMeeting } from '../meeting/pack-model.js';

export type LoadedOutcomes = { ok: true; outcomes: Outcomes; meeting: ResolvedMeeting; file: string } | { ok: false; problems: Problem[] };

/**
 * Reads a meeting's outcomes and the meeting they belong to, and checks them against each
 * other: every decision and declaration names an item of the agenda, each item is decided once,
 * and an executive decision gives its reasons (the record the 2012 executive arrangements
 * regulations require, regulation 13).
 */
export async function loadOutcomes(file: string, config: CouncilConfig): Promise<LoadedOutcomes> {
  const parsed = await loadSource(file);
  if (!parsed.ok) return parsed;
  const { source } = parsed;
  const result = outcomesSchema.safeParse(source.data);
  if (!result.success) return { ok: false, problems: problemsFromIssues(source, result.error.issues, outcomesSchema) };
  const outcomes = result.data;
  const meetingFile = path.resolve(path.dirname(file), outcomes.meeting);
  // The meeting as it was held: a draft it carried is history, not a publication.
  const meeting = await loadMeeting(meetingFile, config, { allowDraft: true });
  if (!meeting.ok) return { ok: false, problems: [located(source, ['meeting'], `the meeting ${outcomes.meeting} has ${meeting.problems.length} problem(s), listed below`), ...meeting.problems] };
  const problems: Problem[] = [];
  const items = new Set(itemsAsHeld(meeting.value).map((item) => item.number));
  const decided = new Set<number>();
  outcomes.decisions.forEach((decision, index) => {
    if (!items.has(decision.item)) problems.push(located(source, ['decisions', index, 'item'], `the meeting has no item ${decision.item} (its items are 1 to ${Math.max(...items)})`));
    if (decided.has(decision.item)) problems.push(located(source, ['decisions', index, 'item'], `item ${decision.item} is decided twice; record one decision an item`));
    decided.add(decision.item);
    if (outcomes.executive && !decision.reasons && decision.outcome !== 'noted' && decision.outcome !== 'deferred') {
      problems.push(located(source, ['decisions', index], 'an executive decision must give its reasons (reasons), and the alternatives rejected (alternatives), for its record'));
    }
  });
  outcomes.declarations.forEach((declaration, index) => {
    if (!items.has(declaration.item)) problems.push(located(source, ['declarations', index, 'item'], `the meeting has no item ${declaration.item}`));
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, outcomes, meeting: meeting.value, file };
}

function located(source: SourceDocument, fieldPath: PathSegment[], message: string): Problem {
  const at = source.locate(fieldPath);
  return { file: source.file, line: at.line, column: at.column, path: formatPath(fieldPath), message };
}
