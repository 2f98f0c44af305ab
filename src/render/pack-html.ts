import type { CouncilConfig } from '../config/council.js';
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

/** The agenda front sheet on its own, for the council's website, linking items to their web pages. */
export async function renderAgendaHtml(resolved: ResolvedMeeting, config: CouncilConfig, ranges: KnownRanges, itemPages?: ReadonlyMap<number, string>): Promise<string> {
  const templates = await loadTemplates(config);
  const front = buildFrontSheetView(resolved, templates, config, ranges, itemPages);
  const title = `${resolved.meeting.committee}, ${formatLongDate(resolved.meeting.date, config.language)}: ${templates.label('agenda')} – ${resolved.meeting.council}`;
  return templates.render('agenda', { lang: config.language, title, front, styles: templates.style('report') + templates.style('pack') });
}

/** The file name of a public item's web page, beside agenda.html. */
export function itemPageName(item: PackItem): string {
  return `item-${item.number}.html`;
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
    parts: view.parts.map((part) => ({ ...part, packPages: formatRange(ranges.get(part.anchor)) })),
    styles: templates.style('report') + templates.style('pack'),
  });
}
