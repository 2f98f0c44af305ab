import type { CouncilConfig } from '../schema/council.js';
import type { Report } from '../schema/report.js';
import { loadTemplates } from '../render/templates.js';
import { formatLongDate } from '../render/dates.js';

/**
 * The forward plan of key decisions, from the reports that say they are one: each decision with
 * its decision maker and date, the documents, the contact, whether it will be taken in private,
 * and since when it has been on the plan; in date order. Wording and layout are the council's
 * (templates/forward-plan.hbs and its labels).
 */
export async function renderForwardPlan(reports: ReadonlyArray<{ file: string; report: Report }>, config: CouncilConfig): Promise<string> {
  const templates = await loadTemplates(config);
  const language = config.language;
  const decisions = reports
    .filter(({ report }) => report.keyDecision)
    .sort((a, b) => a.report.meeting.date.localeCompare(b.report.meeting.date) || a.report.title.localeCompare(b.report.title))
    .map(({ report }) => ({
      title: report.title,
      reference: report.forwardPlanReference ?? null,
      maker: report.meeting.body,
      date: formatLongDate(report.meeting.date, language),
      documents: [report.title, ...report.appendices.map((appendix, index) => templates.appendixHeading(index + 1, appendix.title))],
      contact: report.author,
      exempt: report.classification === 'exempt' ? templates.label('exemptRowNote', { paragraphs: templates.joinNumbers(report.exemptParagraphs ?? []) }) : templates.label('forwardPlanOpen'),
      onPlanSince: report.forwardPlanDate ? formatLongDate(report.forwardPlanDate, language) : templates.label('forwardPlanNotYet'),
    }));
  const council = reports[0]?.report.council ?? '';
  return templates.render('forward-plan', {
    lang: language,
    title: `${templates.label('forwardPlanTitle')} – ${council}`,
    council,
    decisions,
    styles: templates.style('report') + templates.style('pack'),
  });
}
