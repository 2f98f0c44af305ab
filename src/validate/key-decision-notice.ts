import type { Problem } from '../errors.js';
import type { PathSegment, SourceDocument } from '../load/source-document.js';
import type { CouncilConfig } from '../schema/council.js';
import type { Report } from '../schema/report.js';
import { clearDaysBetween, latestIssueDate } from './clear-days.js';
import { located, shownFile } from './issues.js';

/** A report a meeting takes, with the file it is in and where the meeting names it. */
export interface ReportOnAgenda {
  report: Report;
  file: string;
  fieldPath: PathSegment[];
}

/**
 * Notice of key decisions: 28 clear days on the forward plan before the meeting takes them
 * (Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England)
 * Regulations 2012, regulation 9), or the general exception (5 clear days' notice to the
 * scrutiny chair, regulation 10) or special urgency (the chair's agreement, regulation 11)
 * recorded. Each finding says the date that was due; the council's configuration makes them
 * warnings or errors (timetableRules.keyDecisionNotice).
 */
export function keyDecisionNotices(reports: readonly ReportOnAgenda[], meetingDate: string, holidays: readonly string[], config: CouncilConfig, source: SourceDocument): Problem[] {
  const found: Problem[] = [];
  const due = latestIssueDate(meetingDate, config.keyDecisionNoticeClearDays, holidays);
  const exceptionDue = latestIssueDate(meetingDate, config.generalExceptionClearDays, holidays);
  for (const { report, file, fieldPath } of reports) {
    if (!report.keyDecision) continue;
    const at = (message: string) => found.push(located(source, fieldPath, `${shownFile(file)}: key decision: ${message}`));
    if (report.keyDecisionException === 'special-urgency') {
      if (!report.exceptionNoticeDate) at('taken under special urgency: record the day the chair agreed (exceptionNoticeDate)');
    } else if (report.keyDecisionException === 'general-exception') {
      if (!report.exceptionNoticeDate) at(`taken under the general exception: record the day notice went to the scrutiny chair (exceptionNoticeDate), by ${exceptionDue} (${config.generalExceptionClearDays} clear days before the meeting)`);
      else if (clearDaysBetween(report.exceptionNoticeDate, meetingDate, holidays) < config.generalExceptionClearDays)
        at(
          `the general exception notice of ${report.exceptionNoticeDate} gives ${clearDaysBetween(report.exceptionNoticeDate, meetingDate, holidays)} clear day(s); ${config.generalExceptionClearDays} are due (by ${exceptionDue}), or take it under special urgency`,
        );
    } else if (!report.forwardPlanDate) {
      at(`add forwardPlanDate (the day it was first published on the forward plan): ${config.keyDecisionNoticeClearDays} clear days before the meeting are due, by ${due}; or record keyDecisionException`);
    } else {
      const given = clearDaysBetween(report.forwardPlanDate, meetingDate, holidays);
      if (given < config.keyDecisionNoticeClearDays)
        at(
          `on the forward plan from ${report.forwardPlanDate}, ${given} clear day(s) before the meeting; ${config.keyDecisionNoticeClearDays} are due (by ${due}): take it at a later meeting, or record keyDecisionException (general-exception or special-urgency)`,
        );
    }
  }
  return found;
}
