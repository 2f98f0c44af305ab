import type { CouncilConfig } from '../schema/council.js';
import { renderMarkdown } from './markdown.js';
import { buildReportView, type ReportViewOptions } from './report-view.js';
import type { Report } from '../schema/report.js';
import type { ImageMap } from '../load/images.js';
import { formatLongDate, formatMeetingDate, formatTime } from './dates.js';
import type { TemplateSet } from './templates.js';
import { hasPapers, isExempt, type PackItem, type ResolvedMeeting } from '../meeting/pack-model.js';
import { appendixAnchor, itemAnchor, type PackPart, type PackVariant, type PageRange } from '../meeting/pack-plan.js';
import { SLOT_SIDE_MARGIN_MM, slotPageCss, type SlotOrientation } from './slot-geometry.js';

/** Page ranges to print on the front sheet; absent on the first pass, which prints placeholders. */
export type KnownRanges = ReadonlyMap<string, PageRange> | undefined;

/** Wide enough for any real range, so filling the numbers in moves nothing. */
const PLACEHOLDER_RANGE: PageRange = { first: 8888, last: 8888 + 1 };

/** Pages as printed: "23", "23 – 27", or with a supplement's prefix "S3 – S7". */
export function formatRange(range: PageRange | undefined, prefix = ''): string {
  if (!range) return '';
  return range.first === range.last ? `${prefix}${range.first}` : `${prefix}${range.first} – ${prefix}${range.last}`;
}

function isOnePage(range: PageRange | undefined): boolean {
  return range !== undefined && range.first === range.last;
}

/** The title of a pack (its document title and the HTML's): the agenda's or a supplement's, public or members'. */
export function packTitle(resolved: ResolvedMeeting, variant: PackVariant, templates: TemplateSet, language: string): string {
  const { meeting, issue } = resolved;
  const which = issue.supplement > 0 ? templates.label(variant === 'public' ? 'supplementPublicPack' : 'supplementConfidentialPack', { number: issue.supplement }) : templates.label(variant === 'public' ? 'publicPack' : 'confidentialPack');
  return `${meeting.committee}, ${formatLongDate(meeting.date, language)}: ${which}`;
}

/**
 * The front sheet. `itemPages` names, by item number, the web page of a public item's papers:
 * the agenda on the council's website links each such item to it (the pack's front sheet does not).
 */
export function buildFrontSheetView(resolved: ResolvedMeeting, templates: TemplateSet, config: CouncilConfig, ranges: KnownRanges, itemPages?: ReadonlyMap<number, string>) {
  const { meeting } = resolved;
  const language = config.language;
  const exemptParagraphsAll = resolved.items.flatMap((item) => item.exemptParagraphs);
  const firstExempt = resolved.items.find(isExempt);
  const { issue } = resolved;
  return {
    hasPartTwo: firstExempt !== undefined,
    supplement: issue.supplement > 0 ? { heading: templates.label('supplementTitle', { number: issue.supplement }), intro: templates.label('supplementIntro', { number: issue.supplement }) } : null,
    council: meeting.council,
    logo: templates.logo ? { src: templates.logo, alt: templates.label('logoAlt', { council: meeting.council }) } : null,
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
    dateOfIssue: formatLongDate(issue.dateOfIssue, language),
    notes: meeting.notes.map((note) => ({ heading: note.heading, html: renderMarkdown(note.text, 2) })),
    items: resolved.items.map((item) => ({
      number: item.number,
      title: item.title,
      href: itemPages?.get(item.number) ?? null,
      textHtml: item.text ? renderMarkdown(item.text) : null,
      pages: hasPapers(item) ? formatRange(ranges ? ranges.get(itemAnchor(item)) : PLACEHOLDER_RANGE, issue.pagePrefix) : '',
      // For wording that differs for one page ("(Page 6)") and several ("(Pages 6 – 9)").
      onePage: isOnePage(ranges?.get(itemAnchor(item))),
      // Each appendix with its pages, for a front sheet that lists them ("Appendix B: … (Pages 9 – 12)").
      appendices: item.appendices.map((appendix) => ({
        heading: templates.appendixHeading(appendix.number, appendix.title),
        pages: appendix.paper && ranges ? formatRange(ranges.get(appendixAnchor(item, appendix)), issue.pagePrefix) : '',
        onePage: isOnePage(ranges?.get(appendixAnchor(item, appendix))),
      })),
      late: item.late
        ? {
            replaces: item.late.replaces ? templates.label('supplementReplaces', { number: item.number }) : null,
            reasonLabel: templates.label(item.late.replaces ? 'supplementLateReason' : 'supplementUrgencyReason'),
            reasonHtml: item.late.reason ? renderMarkdown(item.late.reason) : null,
          }
        : null,
      isExclusion: item.kind === 'exclusion',
      resolution: item.kind === 'exclusion' ? templates.label('exclusionResolution', { paragraphs: templates.joinNumbers(exemptParagraphsAll) }) : null,
      exempt: isExempt(item) ? { note: templates.label('exemptRowNote', { paragraphs: templates.joinNumbers(item.exemptParagraphs) }), description: item.exemptDescription ?? null } : null,
      startsPartTwo: item === firstExempt,
    })),
  };
}

type ReportView = ReturnType<typeof buildReportView>;
const reportViews = new WeakMap<Report, WeakMap<TemplateSet, Map<string, ReportView>>>();

/**
 * A report's view, made once for each place it has in a pack: a pack is rendered four times
 * or more (layout, both packs, the web pages), and its Markdown cost a tenth of a real
 * meeting's main-thread time (measured). Views are read-only data for the templates.
 */
function cachedReportView(report: Report, templates: TemplateSet, options: ReportViewOptions & { images: ImageMap }): ReportView {
  const byTemplates = reportViews.get(report) ?? new WeakMap<TemplateSet, Map<string, ReportView>>();
  reportViews.set(report, byTemplates);
  const views = byTemplates.get(templates) ?? new Map<string, ReportView>();
  byTemplates.set(templates, views);
  // The images belong to the report as loaded, so the report object stands for them too.
  const key = JSON.stringify([options.language, options.titleLevel, options.idPrefix, options.anchorId]);
  let view = views.get(key);
  if (!view) {
    view = buildReportView(report, templates, options);
    views.set(key, view);
  }
  return view;
}

/** The whole pack as one HTML document: front sheet, then every part on its own pages. */
export function buildPackView(resolved: ResolvedMeeting, parts: readonly PackPart[], variant: PackVariant, templates: TemplateSet, config: CouncilConfig, ranges: KnownRanges) {
  const language = config.language;
  const { pagePrefix } = resolved.issue;
  const { pageRules, pageName, slotPageName } = pageRulesFor(templates, pagePrefix);

  const views = parts.map((part) => {
    const common = { anchor: part.anchor, itemNumber: part.item.number, itemTitle: part.item.title };
    if (part.kind === 'notice') {
      const range = ranges?.get(part.standsFor);
      const name = `notice-${part.anchor}`;
      // The notice is one page standing in for the whole range, so the next page keeps its number.
      const single = !range || range.first === range.last;
      pageRules.push({
        name,
        size: 'A4',
        agendaItem: templates.label('agendaItemMark', { number: part.item.number }),
        exemptMark: null,
        bottom: templates.label(single ? 'pageStoodFor' : 'pagesStoodFor', { pages: formatRange(range, pagePrefix) || '…' }),
        increment: range ? range.last - range.first + 1 : 1,
        margins: null,
        slot: false,
      });
      const paragraphs = templates.joinNumbers(part.appendix ? part.appendix.exemptParagraphs : part.item.exemptParagraphs);
      return {
        ...common,
        isNotice: true,
        pageName: name,
        isAppendix: Boolean(part.appendix),
        heading: part.appendix ? templates.appendixHeading(part.appendix.number, part.appendix.title) : part.item.title,
        description: part.appendix ? null : (part.item.exemptDescription ?? null),
        body: templates.label(part.appendix ? 'exemptAppendixNoticeBody' : 'exemptNoticeBody', { paragraphs }),
        pagesNote: range ? templates.label(single ? 'exemptNoticePage' : 'exemptNoticePages', { pages: formatRange(range, pagePrefix) }) : null,
      };
    }
    if (part.kind === 'item-cover') {
      return { ...common, isCover: true, pageName: pageName(part.item, part.item.exemptParagraphs) };
    }
    const exemptParagraphs = part.kind === 'appendix' ? part.appendix.exemptParagraphs : part.item.exemptParagraphs;
    const paper = part.paper;
    const isAppendix = part.kind === 'appendix';
    const base = {
      ...common,
      isAppendix,
      appendixHeading: part.kind === 'appendix' ? templates.appendixHeading(part.appendix.number, part.appendix.title) : null,
      // A draft report is marked DRAFT on each of its pages in the pack, not only on its first.
      pageName: pageName(part.item, exemptParagraphs, undefined, paper.kind === 'report' && paper.report.status === 'draft'),
      exemptReason: exemptParagraphs.length > 0 ? templates.label('exemptReason', { paragraphs: templates.joinNumbers(exemptParagraphs) }) : null,
    };
    if (paper.kind === 'report') {
      const report = cachedReportView(paper.report, templates, { language, titleLevel: isAppendix ? 3 : 1, idPrefix: `${part.anchor}-`, anchorId: isAppendix ? undefined : part.anchor, images: paper.images });
      // An exempt report prints its own notice; the pack adds one only where the report has none.
      return { ...base, isReport: true, report, showExemptNotice: base.exemptReason !== null && report.exempt === null };
    }
    if (paper.kind === 'markdown') {
      return { ...base, isMarkdown: true, html: renderMarkdown(paper.text, isAppendix ? 2 : 1, paper.images), showExemptNotice: base.exemptReason !== null };
    }
    // A PDF: the page reserved for its first page, captioned with its heading (tagged, for the
    // bookmark); its other pages' reserved pages are printed once for both packs (see
    // buildStampSheetView) and put in when the pack is finished. The page number after it jumps
    // past them, so this page has its own number written on it.
    const orientation: SlotOrientation = paper.landscape[0] ? 'landscape' : 'portrait';
    const first = ranges?.get(part.anchor)?.first;
    return {
      ...base,
      isPdf: true,
      headingIsItem: part.kind === 'papers',
      slots: [
        {
          first: true,
          pageName: first === undefined ? pageName(part.item, exemptParagraphs, orientation) : slotPageName(`${part.anchor}-first`, part.item, exemptParagraphs, orientation, { page: first, increment: paper.pageCount }),
          height: slotPageCss(orientation, SLOT_SIDE_MARGIN_MM).height,
          caption: base.appendixHeading ?? part.item.title,
        },
      ],
    };
  });

  const front = buildFrontSheetView(resolved, templates, config, ranges);
  return {
    // Without ranges this is the measuring print: see .layout-pass in pack.css.
    layoutPass: ranges === undefined,
    lang: language,
    title: packTitle(resolved, variant, templates, language),
    // A supplement numbered on from the agenda pack starts its page counter there.
    pageOffset: resolved.issue.pageOffset,
    pagePrefix,
    front,
    parts: views,
    pageRules,
    slotCaptionHeight: slotPageCss('portrait', SLOT_SIDE_MARGIN_MM).captionHeight,
  };
}

type PageRule = { name: string; size: string; agendaItem: string; exemptMark: string | null; draftMark?: string | null; bottom: string | null; increment: number | null; margins: string | null; slot: boolean };

/** The named pages of a printed document, made as they are first used. */
function pageRulesFor(templates: TemplateSet, pagePrefix: string) {
  const pageRules: PageRule[] = [];
  const named = new Set<string>();
  const add = (rule: PageRule) => {
    if (!named.has(rule.name)) {
      named.add(rule.name);
      pageRules.push(rule);
    }
    return rule.name;
  };
  const marks = (item: PackItem, exemptParagraphs: readonly number[]) => ({
    agendaItem: templates.label('agendaItemMark', { number: item.number }),
    exemptMark: exemptParagraphs.length > 0 ? templates.label('exemptMark', { paragraphs: templates.joinNumbers(exemptParagraphs) }) : null,
  });
  /** The named page of an item's pages (exempt ones marked), or of the pages reserved for a PDF's pages. */
  const pageName = (item: PackItem, exemptParagraphs: readonly number[], slot?: SlotOrientation, draft = false) => {
    const css = slot ? slotPageCss(slot, SLOT_SIDE_MARGIN_MM) : undefined;
    const name = `item-${item.number}${exemptParagraphs.length > 0 ? `-exempt-${exemptParagraphs.join('-')}` : ''}${slot ? `-slot-${slot}` : ''}${draft ? '-draft' : ''}`;
    return add({ name, size: css?.size ?? 'A4', ...marks(item, exemptParagraphs), draftMark: draft ? templates.label('draft') : null, bottom: null, increment: null, margins: css?.margins ?? null, slot: Boolean(slot) });
  };
  /**
   * A reserved page of its own name whose page counter moves on by `increment`, so the pages after
   * it continue from there; with `page`, its own number is written in (the counter has moved past it).
   */
  const slotPageName = (name: string, item: PackItem, exemptParagraphs: readonly number[], orientation: SlotOrientation, numbering: { page?: number; increment: number }) => {
    const css = slotPageCss(orientation, SLOT_SIDE_MARGIN_MM);
    const bottom = numbering.page === undefined ? null : templates.label('pageNumber', { page: `${pagePrefix}${numbering.page}` });
    return add({ name, size: css.size, ...marks(item, exemptParagraphs), bottom, increment: numbering.increment, margins: css.margins, slot: true });
  };
  return { pageRules, pageName, slotPageName };
}

/**
 * The stamp sheet: the reserved pages of every PDF's pages after its first, one after another,
 * each as it would be printed in the pack (the pack's page number, agenda item, exempt mark and
 * caption, in the band along the bottom edge) and nothing else. Printed once for both packs,
 * where printing them in each pack cost a third of a real meeting's time (measured); the
 * finished pack takes the ones it needs. Its page counter jumps at each PDF to that PDF's numbers.
 */
export function buildStampSheetView(resolved: ResolvedMeeting, parts: readonly PackPart[], templates: TemplateSet, config: CouncilConfig, ranges: ReadonlyMap<string, PageRange>) {
  const { pagePrefix } = resolved.issue;
  const { pageRules, pageName, slotPageName } = pageRulesFor(templates, pagePrefix);
  // No counter reset: its first page's counter jumps straight to its number (offset included).
  let counter = 0;
  const views = parts.flatMap((part) => {
    if ((part.kind !== 'appendix' && part.kind !== 'papers') || part.paper.kind !== 'pdf' || part.paper.pageCount < 2) return [];
    const paper = part.paper;
    const exemptParagraphs = part.kind === 'appendix' ? part.appendix.exemptParagraphs : part.item.exemptParagraphs;
    const heading = part.kind === 'appendix' ? templates.appendixHeading(part.appendix.number, part.appendix.title) : part.item.title;
    const second = (ranges.get(part.anchor)?.first ?? 0) + 1;
    const slots = paper.landscape.slice(1).map((landscape, index) => {
      const orientation: SlotOrientation = landscape ? 'landscape' : 'portrait';
      const css = slotPageCss(orientation, SLOT_SIDE_MARGIN_MM);
      // At the first, the counter moves on to this PDF's second page number.
      const name = index === 0 ? slotPageName(`${part.anchor}-stamps`, part.item, exemptParagraphs, orientation, { increment: second - counter }) : pageName(part.item, exemptParagraphs, orientation);
      return { first: false, pageName: name, height: css.height, caption: `${heading} (${templates.label('pdfAppendixPage', { page: index + 2, pages: paper.pageCount })})` };
    });
    counter = second + slots.length - 1;
    return [{ anchor: part.anchor, itemNumber: part.item.number, itemTitle: part.item.title, isPdf: true, headingIsItem: false, slots }];
  });
  return {
    layoutPass: false,
    lang: config.language,
    // Never shown: its pages are copied into the packs, marked as artifacts.
    title: resolved.meeting.committee,
    pageOffset: 0,
    pagePrefix,
    front: null,
    parts: views,
    pageRules,
    slotCaptionHeight: slotPageCss('portrait', SLOT_SIDE_MARGIN_MM).captionHeight,
  };
}
