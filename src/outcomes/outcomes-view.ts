import type { CouncilConfig } from '../schema/council.js';
import type { Outcomes } from '../schema/outcomes.js';
import { isExempt, itemsAsHeld, type PackItem, type ResolvedMeeting } from '../meeting/pack-model.js';
import type { TemplateSet } from '../render/templates.js';
import { renderMarkdown } from '../render/markdown.js';
import { formatLongDate } from '../render/dates.js';
import { nonWorkingDays } from '../validate/bank-holidays.js';
import { addWorkingDays } from '../validate/clear-days.js';

/** One agenda item as minuted: its number, title, declarations and what was resolved (as HTML and as Markdown). */
function itemRecord(item: PackItem, outcomes: Outcomes, templates: TemplateSet) {
  const decision = outcomes.decisions.find((candidate) => candidate.item === item.number);
  const report = item.paper?.kind === 'report' ? item.paper.report : undefined;
  // Agreed as recommended: the report's recommendations are the resolution.
  const resolutionMarkdown =
    decision?.resolution ?? (decision?.outcome === 'agreed' && report ? `${report.recommendations.intro}\n\n${report.recommendations.items.map((text, index) => `${index + 1}. ${text.replace(/\n/g, '\n   ')}`).join('\n')}` : undefined);
  return {
    number: templates.label('minuteNumber', { number: item.number }),
    itemNumber: item.number,
    title: item.title,
    exempt: item.exemptParagraphs.length > 0 ? templates.label('exemptRowNote', { paragraphs: templates.joinNumbers(item.exemptParagraphs) }) : null,
    declarations: outcomes.declarations.filter((declaration) => declaration.item === item.number),
    // A late item taken as urgent: the minutes must say why (s.100B(4)(b), Local Government Act 1972).
    urgencyHtml: item.late && !item.late.replaces && item.late.reason ? renderMarkdown(item.late.reason) : null,
    urgencyMarkdown: item.late && !item.late.replaces && item.late.reason ? item.late.reason : null,
    outcome: decision ? templates.label(`outcome${decision.outcome.replace(/(^|\s)(\w)/g, (_, _space: string, letter: string) => letter.toUpperCase())}`) : null,
    resolutionHtml: resolutionMarkdown ? renderMarkdown(resolutionMarkdown) : null,
    resolutionMarkdown: resolutionMarkdown ?? null,
    reasonsHtml: decision?.reasons ? renderMarkdown(decision.reasons) : null,
    reasonsMarkdown: decision?.reasons ?? null,
    alternativesHtml: decision?.alternatives ? renderMarkdown(decision.alternatives) : null,
    alternativesMarkdown: decision?.alternatives ?? null,
    keyDecision: report?.keyDecision ?? false,
    decided: Boolean(decision),
    /** Set when the record's exempt words are left out (see withheld). */
    withheld: null as string | null,
  };
}

type ItemRecord = ReturnType<typeof itemRecord>;

/**
 * An exempt item's record as it can be published: what it was and the outcome, but not the words
 * resolved, the reasons or the alternatives (an exempt report's recommendations, agreed, would
 * otherwise be printed in the public minutes). The whole record is in the exempt minutes.
 */
function withheld(record: ItemRecord, message: string): ItemRecord {
  return { ...record, resolutionHtml: null, resolutionMarkdown: null, reasonsHtml: null, reasonsMarkdown: null, alternativesHtml: null, alternativesMarkdown: null, withheld: message };
}

/** Minutes for publication, or the exempt minutes: only the exempt items, whole, for members. */
export type MinutesVariant = 'public' | 'exempt';

/** Whether the meeting took any exempt item, which then has exempt minutes and decision notices of its own. */
export function hasExemptMinutes(meeting: ResolvedMeeting): boolean {
  return itemsAsHeld(meeting).some(isExempt);
}

/** The minutes: attendance, then every item with its number, declarations and resolution, and the chair's signature block. */
export function buildMinutesView(meeting: ResolvedMeeting, outcomes: Outcomes, templates: TemplateSet, config: CouncilConfig, variant: MinutesVariant = 'public') {
  const { meeting: data } = meeting;
  const date = formatLongDate(data.date, config.language);
  const heading = templates.label(variant === 'exempt' ? 'minutesExemptTitle' : 'minutesTitle');
  const items = itemsAsHeld(meeting)
    .filter((item) => variant === 'public' || isExempt(item))
    .map((item) => {
      const record = itemRecord(item, outcomes, templates);
      return variant === 'public' && isExempt(item) ? withheld(record, templates.label('minutesWithheld')) : record;
    });
  return {
    lang: config.language,
    heading,
    title: `${heading}: ${data.committee}, ${date} – ${data.council}`,
    exemptMark: variant === 'exempt' ? templates.label('exemptMark', { paragraphs: templates.joinNumbers([...new Set(itemsAsHeld(meeting).flatMap((item) => item.exemptParagraphs))].sort((a, b) => a - b)) }) : null,
    council: data.council,
    committee: data.committee,
    date,
    venue: data.venue,
    present: outcomes.present,
    apologies: outcomes.apologies,
    inAttendance: outcomes.inAttendance,
    items,
  };
}

/**
 * A record of each executive decision (decision notices): what was decided, why, the
 * alternatives rejected, the interests declared, when it was published, and when it takes
 * effect once the call-in period has passed.
 */
export async function buildDecisionNoticeViews(meeting: ResolvedMeeting, outcomes: Outcomes, templates: TemplateSet, config: CouncilConfig) {
  if (!outcomes.executive) return [];
  const { meeting: data } = meeting;
  const published = outcomes.publishedOn ?? data.date;
  const holidays = await nonWorkingDays(published, `${Number(published.slice(0, 4)) + 1}-12-31`, config.bankHolidayRegion, config.bankHolidays);
  const callInEnds = addWorkingDays(published, config.callInWorkingDays, holidays);
  const takesEffect = addWorkingDays(callInEnds, 1, holidays);
  return itemsAsHeld(meeting).flatMap((item) => {
    const record = itemRecord(item, outcomes, templates);
    if (!record.decided || !record.resolutionHtml) return [];
    const notice = {
      name: `decision-notice-item-${item.number}`,
      lang: config.language,
      title: `${templates.label('decisionNoticeTitle')}: ${item.title} – ${data.committee}, ${formatLongDate(data.date, config.language)}`,
      council: data.council,
      decisionMaker: data.committee,
      decisionDate: formatLongDate(data.date, config.language),
      published: formatLongDate(published, config.language),
      callInEnds: formatLongDate(callInEnds, config.language),
      takesEffect: formatLongDate(takesEffect, config.language),
      exemptMark: null as string | null,
      exempt: false,
      record,
    };
    if (!isExempt(item)) return [notice];
    // A decision taken in private is published without its exempt words; members get the whole record.
    const paragraphs = templates.joinNumbers(item.exemptParagraphs);
    return [
      { ...notice, record: withheld(record, templates.label('decisionNoticeWithheld', { paragraphs })) },
      { ...notice, name: `${notice.name}-exempt`, exempt: true, exemptMark: templates.label('exemptMark', { paragraphs }) },
    ];
  });
}
