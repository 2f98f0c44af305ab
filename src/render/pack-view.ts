import type { CouncilConfig } from '../config/council.js';
import { renderMarkdown } from './markdown.js';
import { buildReportView, joinNumbers } from './report-view.js';
import { formatLongDate, formatMeetingDate, formatTime } from './dates.js';
import type { TemplateSet } from './templates.js';
import { hasPapers, isExempt, type PackItem, type ResolvedMeeting } from '../assemble/pack-model.js';
import { itemAnchor, type PackPart, type PackVariant, type PageRange } from '../assemble/pack-plan.js';
import { slotCaptionHeight, slotHeight, slotPageMargins } from '../assemble/pdf-slot-geometry.js';

/** Page ranges to print on the front sheet; absent on the first pass, which prints placeholders. */
export type KnownRanges = ReadonlyMap<string, PageRange> | undefined;

/** Wide enough for any real range, so filling the numbers in moves nothing. */
const PLACEHOLDER_RANGE = '0000 – 0000';

export function formatRange(range: PageRange | undefined): string {
  if (!range) return '';
  return range.first === range.last ? String(range.first) : `${range.first} – ${range.last}`;
}

export function buildFrontSheetView(resolved: ResolvedMeeting, templates: TemplateSet, config: CouncilConfig, ranges: KnownRanges) {
  const { meeting } = resolved;
  const language = config.language;
  const exemptParagraphsAll = resolved.items.flatMap((item) => item.exemptParagraphs);
  const firstExempt = resolved.items.find(isExempt);
  return {
    council: meeting.council,
    committee: meeting.committee,
    date: formatMeetingDate(meeting.date, language),
    time: formatTime(meeting.time, language),
    venue: meeting.venue,
    members: meeting.membership.map((member) => ({
      name: member.name,
      group: member.group ?? null,
      role: member.role === 'chair' ? templates.label('chair') : member.role === 'vice-chair' ? templates.label('viceChair') : '',
    })),
    substitutes: meeting.substitutes,
    quorum: meeting.quorum ?? null,
    contact: meeting.contact,
    dateOfIssue: formatLongDate(meeting.dateOfIssue, language),
    notes: meeting.notes.map((note) => ({ heading: note.heading, html: renderMarkdown(note.text, 2) })),
    items: resolved.items.map((item) => ({
      number: item.number,
      title: item.title,
      textHtml: item.text ? renderMarkdown(item.text) : null,
      pages: hasPapers(item) ? (ranges ? formatRange(ranges.get(itemAnchor(item))) : PLACEHOLDER_RANGE) : '',
      isExclusion: item.kind === 'exclusion',
      resolution: item.kind === 'exclusion' ? templates.label('exclusionResolution', { paragraphs: joinNumbers(exemptParagraphsAll) }) : null,
      exempt: isExempt(item) ? { note: templates.label('exemptRowNote', { paragraphs: joinNumbers(item.exemptParagraphs) }), description: item.exemptDescription ?? null } : null,
      startsPartTwo: item === firstExempt,
    })),
  };
}

/** The whole pack as one HTML document: front sheet, then every part on its own pages. */
export function buildPackView(resolved: ResolvedMeeting, parts: readonly PackPart[], variant: PackVariant, templates: TemplateSet, config: CouncilConfig, ranges: KnownRanges) {
  const language = config.language;
  const pageRules: Array<{ name: string; topRight: string; topLeft: string | null; bottom: string | null; increment: number | null; margins: string | null }> = [];
  const pageName = (item: PackItem, exemptParagraphs: readonly number[], slot: boolean) => {
    const name = `item-${item.number}${exemptParagraphs.length > 0 ? `-exempt-${exemptParagraphs.join('-')}` : ''}${slot ? '-slot' : ''}`;
    if (!pageRules.some((rule) => rule.name === name)) {
      pageRules.push({
        name,
        topRight: templates.label('agendaItem') + ` ${item.number}`,
        topLeft: exemptParagraphs.length > 0 ? templates.label('exemptMark', { paragraphs: joinNumbers(exemptParagraphs) }) : null,
        bottom: null,
        increment: null,
        margins: slot ? slotPageMargins() : null,
      });
    }
    return name;
  };

  const views = parts.map((part) => {
    const common = { anchor: part.anchor, itemNumber: part.item.number, itemTitle: part.item.title };
    if (part.kind === 'notice') {
      const range = ranges?.get(part.standsFor);
      const name = `notice-${part.anchor}`;
      // The notice is one page standing in for the whole range, so the next page keeps its number.
      const single = !range || range.first === range.last;
      pageRules.push({ name, topRight: templates.label('agendaItem') + ` ${part.item.number}`, topLeft: null, bottom: templates.label(single ? 'pageStoodFor' : 'pagesStoodFor', { pages: formatRange(range) || '…' }), increment: range ? range.last - range.first + 1 : 1, margins: null });
      const paragraphs = joinNumbers(part.appendix ? part.appendix.exemptParagraphs : part.item.exemptParagraphs);
      return {
        ...common,
        isNotice: true,
        pageName: name,
        isAppendix: Boolean(part.appendix),
        heading: part.appendix ? `${templates.label('appendix')} ${part.appendix.number}: ${part.appendix.title}` : part.item.title,
        description: part.appendix ? null : (part.item.exemptDescription ?? null),
        body: templates.label(part.appendix ? 'exemptAppendixNoticeBody' : 'exemptNoticeBody', { paragraphs }),
        pagesNote: range ? templates.label(single ? 'exemptNoticePage' : 'exemptNoticePages', { pages: formatRange(range) }) : null,
      };
    }
    if (part.kind === 'item-cover') {
      return { ...common, isCover: true, pageName: pageName(part.item, part.item.exemptParagraphs, false) };
    }
    const exemptParagraphs = part.kind === 'appendix' ? part.appendix.exemptParagraphs : part.item.exemptParagraphs;
    const paper = part.paper;
    const isAppendix = part.kind === 'appendix';
    const base = {
      ...common,
      isAppendix,
      appendixHeading: part.kind === 'appendix' ? `${templates.label('appendix')} ${part.appendix.number}: ${part.appendix.title}` : null,
      pageName: pageName(part.item, exemptParagraphs, paper.kind === 'pdf'),
      exemptReason: exemptParagraphs.length > 0 ? templates.label('exemptReason', { paragraphs: joinNumbers(exemptParagraphs) }) : null,
    };
    if (paper.kind === 'report') {
      const report = buildReportView(paper.report, templates, { language, titleLevel: isAppendix ? 3 : 1, idPrefix: `${part.anchor}-`, anchorId: isAppendix ? undefined : part.anchor, images: paper.images });
      // An exempt report prints its own notice; the pack adds one only where the report has none.
      return { ...base, isReport: true, report, showExemptNotice: base.exemptReason !== null && report.exempt === null };
    }
    if (paper.kind === 'markdown') {
      return { ...base, isMarkdown: true, html: renderMarkdown(paper.text, isAppendix ? 2 : 1, paper.images), showExemptNotice: base.exemptReason !== null };
    }
    return {
      ...base,
      isPdf: true,
      slots: Array.from({ length: paper.pageCount }, (_, index) => ({
        first: index === 0,
        caption: templates.label('pdfAppendixPage', { page: index + 1, pages: paper.pageCount }),
      })),
    };
  });

  const front = buildFrontSheetView(resolved, templates, config, ranges);
  return {
    // Without ranges this is the measuring print: see .layout-pass in pack.css.
    layoutPass: ranges === undefined,
    lang: language,
    title: `${resolved.meeting.committee}, ${formatLongDate(resolved.meeting.date, language)}: ${templates.label(variant === 'public' ? 'publicPack' : 'confidentialPack')}`,
    front,
    parts: views,
    pageRules,
    slotHeight: slotHeight(),
    slotCaptionHeight: slotCaptionHeight(),
  };
}
