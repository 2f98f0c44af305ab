import type { CouncilConfig } from '../schema/council.js';
import { hasPapers, isExempt, type PackItem, type ResolvedMeeting } from '../meeting/pack-model.js';
import { publicParts, type PackPart, type PackVariant, type PageRange } from '../meeting/pack-plan.js';
import { loadTemplates } from './templates.js';
import { buildFrontSheetView, buildPackView, buildStampSheetView, formatRange, type KnownRanges } from './pack-view.js';
import { formatLongDate } from './dates.js';

/** The whole pack (front sheet and every part) as one printable HTML document. */
export async function renderPackHtml(resolved: ResolvedMeeting, parts: readonly PackPart[], variant: PackVariant, config: CouncilConfig, ranges: KnownRanges): Promise<string> {
  const templates = await loadTemplates(config);
  const view = buildPackView(resolved, parts, variant, templates, config, ranges);
  return templates.render('pack', { ...view, styles: templates.style('report') + templates.style('pack') });
}

/** The stamp sheet (see buildStampSheetView) as a printable HTML document. */
export async function renderStampSheetHtml(resolved: ResolvedMeeting, parts: readonly PackPart[], config: CouncilConfig, ranges: ReadonlyMap<string, PageRange>): Promise<string> {
  const templates = await loadTemplates(config);
  const view = buildStampSheetView(resolved, parts, templates, config, ranges);
  return templates.render('pack', { ...view, styles: templates.style('report') + templates.style('pack') });
}

/** One issue of a meeting's papers (the agenda, or a supplement) with its pages as printed. */
export interface PrintedIssue {
  resolved: ResolvedMeeting;
  ranges: ReadonlyMap<string, PageRange>;
}

type LinkedIssue<R = ReadonlyMap<string, PageRange>> = { resolved: ResolvedMeeting; ranges: R; links: ReadonlyMap<number, string> };

/**
 * The pages for the council's website: the agenda, each supplement's late items under it, and a
 * page for each public item's papers in every issue (exempt items get none). `issues` starts
 * with the agenda's own.
 */
export async function renderWebPages(issues: readonly PrintedIssue[], config: CouncilConfig): Promise<{ agendaHtml: string; itemPages: Array<{ name: string; html: string }> }> {
  const itemPages: Array<{ name: string; html: string }> = [];
  const linked = [];
  for (const { resolved, ranges } of issues) {
    const links = new Map<number, string>();
    for (const item of resolved.items) {
      const html = await renderItemPageHtml(resolved, item, config, ranges);
      if (html === undefined) continue;
      itemPages.push({ name: itemPageName(item), html });
      links.set(item.number, itemPageName(item));
    }
    linked.push({ resolved, ranges, links });
  }
  const [agenda, ...supplements] = linked;
  if (!agenda) throw new Error('no agenda to render');
  return { agendaHtml: await renderAgendaPage(agenda, supplements, config), itemPages };
}

/** The agenda front sheet on its own, for the council's website, linking items to their web pages. */
export async function renderAgendaHtml(resolved: ResolvedMeeting, config: CouncilConfig, ranges: KnownRanges, itemPages: ReadonlyMap<number, string> = new Map()): Promise<string> {
  return renderAgendaPage({ resolved, ranges, links: itemPages }, [], config);
}

/** The agenda page: the front sheet, then each supplement's items. */
async function renderAgendaPage(agenda: LinkedIssue<KnownRanges>, supplements: ReadonlyArray<LinkedIssue>, config: CouncilConfig): Promise<string> {
  const templates = await loadTemplates(config);
  const { resolved } = agenda;
  const front = buildFrontSheetView(resolved, templates, config, agenda.ranges, agenda.links);
  const title = `${resolved.meeting.committee}, ${formatLongDate(resolved.meeting.date, config.language)}: ${templates.label('agenda')} – ${resolved.meeting.council}`;
  const supplementViews = supplements.map((supplement) => {
    const { issue } = supplement.resolved;
    const view = buildFrontSheetView(supplement.resolved, templates, config, supplement.ranges, supplement.links);
    return { number: issue.supplement, heading: templates.label('supplementSection', { number: issue.supplement, date: formatLongDate(issue.dateOfIssue, config.language) }), intro: view.supplement?.intro ?? '', items: view.items };
  });
  return templates.render('agenda', { lang: config.language, title, front, supplements: supplementViews, styles: templates.style('report') + templates.style('pack') });
}

/** The file name of a public item's web page, beside agenda.html; a late item's names its supplement. */
export function itemPageName(item: PackItem): string {
  return item.late ? `supplement-${item.late.supplement}-item-${item.number}.html` : `item-${item.number}.html`;
}

/**
 * A public item's papers as a web page (HTML first, as GDS advises public bodies): the report or
 * other papers and every appendix written as text; a PDF appendix is named with its pages in the
 * public pack, an exempt one with the reason it is not published. Undefined for an exempt item
 * or an item without papers: they get no page.
 */
export async function renderItemPageHtml(resolved: ResolvedMeeting, item: PackItem, config: CouncilConfig, ranges: ReadonlyMap<string, PageRange>): Promise<string | undefined> {
  if (isExempt(item) || !hasPapers(item)) return undefined;
  const templates = await loadTemplates(config);
  const parts = publicParts(resolved).filter((part) => part.item === item);
  const view = buildPackView(resolved, parts, 'public', templates, config, ranges);
  const date = formatLongDate(resolved.meeting.date, config.language);
  return templates.render('item-page', {
    lang: config.language,
    title: `${templates.label('itemNumber')} ${item.number}: ${item.title} – ${resolved.meeting.committee}, ${date}`,
    meeting: `${resolved.meeting.council}, ${resolved.meeting.committee}, ${date}`,
    agendaHref: 'agenda.html',
    parts: view.parts.map((part) => ({ ...part, packPages: formatRange(ranges.get(part.anchor), resolved.issue.pagePrefix) })),
    styles: templates.style('report') + templates.style('pack'),
  });
}
