import type { CouncilConfig } from '../schema/council.js';
import type { Printer } from '../print/printer.js';
import type { Problem } from '../errors.js';
import { loadTemplates, type TemplateSet } from '../render/templates.js';
import { renderPackHtml, renderStampSheetHtml, renderWebPages } from '../render/pack-html.js';
import { formatLongDate } from '../render/dates.js';
import { formatRange, packTitle } from '../render/pack-view.js';
import type { PackIssue, ResolvedMeeting } from '../meeting/pack-model.js';
import { fullParts, hasExemptContent, publicParts, rangesFromStarts, type PackPart, type PackVariant, type PageRange } from '../meeting/pack-plan.js';
import { anchorsInOutline, readBookmarkTargets } from '../print/outline.js';
import type { FinishJob } from './pdf/finish-pack.js';
import { linkWording } from '../print/link-descriptions.js';
import { finishPackInWorker, prepareAssembly, releaseIdleWorkers } from './pdf/finish-in-worker.js';
import type { PageLabelRange } from './pdf/page-labels.js';

export interface BuiltPack {
  /** The agenda front sheet as a web page, each public item linking to its own page. */
  agendaHtml: string;
  /** A web page for each public item's papers (`item-5.html`), for beside agenda.html. */
  itemPages: Array<{ name: string; html: string }>;
  publicPdf: Uint8Array;
  /** Only when the meeting has exempt content. */
  confidentialPdf: Uint8Array | undefined;
  /** Pages of the confidential (full) pack; the public pack's numbers run to the same last page. */
  pages: number;
  publicPages: number;
  /** Where each item and appendix starts and ends, as printed on the front sheet. */
  ranges: Map<string, PageRange>;
  /** Prints it took: the layout pass, then the numbered members' and public packs. */
  prints: number;
  /** What the clerk should know of its PDF papers as placed (a form value that could not be drawn), once each. */
  warnings: Problem[];
}

export type PackStage = 'layout' | 'numbering' | 'renumbering' | 'finishing';

export interface BuildPackOptions {
  onStage?: (stage: PackStage) => void;
  /** Longest time the assembly of one pack may take (default: the printer's per-document timeout). */
  timeoutMs?: number;
  /** Packs of more pages of HTML than this print their two versions one after the other (default 300; see below). */
  sideBySideMaxPages?: number;
  /** The layout print, started before the meeting was fully loaded (see printLayoutAhead). */
  layoutAhead?: LayoutAhead | undefined;
}

/** A layout print under way, and the HTML it prints. */
export interface LayoutAhead {
  html: Promise<string>;
  bytes: Promise<Uint8Array>;
}

/**
 * Starts the pack's first print (the layout pass) from the meeting as it will be once its PDFs
 * are copied, while qpdf copies them (see MeetingLoadOptions.onProvisional): the browser is
 * otherwise idle then. buildPack uses the print only if the loaded meeting renders the same HTML.
 */
export function printLayoutAhead(provisional: ResolvedMeeting, config: CouncilConfig, printer: Printer): LayoutAhead {
  const html = renderPackHtml(provisional, fullParts(provisional), 'confidential', config, undefined);
  const bytes = html.then((text) => printer.print({ html: text }));
  // Awaited by buildPack if the meeting loads; a failure there is printed again, not reported twice.
  bytes.catch(() => undefined);
  return { html, bytes };
}

/**
 * A printed pack read back: its bytes, the HTML it came from, and the page where each part
 * starts (1-based) and the page count, both as in the finished pack, every PDF's pages in.
 */
interface Printed {
  bytes: Uint8Array;
  html: string;
  /** Pages as printed: one for each PDF. */
  printedPages: number;
  pages: number;
  starts: Map<string, number>;
}

/** The printed stamp sheet, and where each PDF's stamps start on it (0-based). */
interface StampSheet {
  bytes: Uint8Array;
  from: Map<string, number>;
}

const MAX_NUMBERING_PASSES = 3;

/**
 * Packs up to this many pages print their members' and public versions side by side; larger
 * ones one after the other, since one print of 780 pages alone takes 600 MiB of browser memory
 * (measured) and two at once would pass 1 GiB.
 */
const SIDE_BY_SIDE_MAX_PAGES = 300;

/**
 * Page numbers on the front sheet need two prints, as Chromium has no target-counter():
 * print with placeholders as wide as any number, read each part's first page from the
 * bookmarks, fill the numbers in and print again; repeat if anything moved. Each PDF paper
 * gets a reserved page for each of its pages: the first in the pack's print (its caption is the
 * PDF's heading), the others on a stamp sheet printed once for both packs; in a worker thread
 * they are put together and the PDF's pages are drawn onto them.
 */
export async function buildPack(resolved: ResolvedMeeting, config: CouncilConfig, printer: Printer, options: BuildPackOptions = {}): Promise<BuiltPack> {
  const { onStage } = options;
  const timeoutMs = options.timeoutMs ?? printer.timeoutMs;
  const templates = await loadTemplates(config);
  const parts = fullParts(resolved);
  let prints = 0;
  const print = async (partsToPrint: readonly PackPart[], variant: PackVariant, ranges: Map<string, PageRange> | undefined, ahead?: LayoutAhead): Promise<Printed> => {
    const html = await renderPackHtml(resolved, partsToPrint, variant, config, ranges);
    // A print made ahead is the same document only if it was made from the same HTML.
    const printedAhead = ahead && (await ahead.html.catch(() => undefined)) === html ? await ahead.bytes.catch(() => undefined) : undefined;
    const bytes = printedAhead ?? (await printer.print({ html }));
    prints += 1;
    const { targets, pages } = await readBookmarkTargets(bytes);
    const anchors = anchorsInOutline(html, targets, ranges === undefined);
    const starts = new Map<string, number>();
    for (const part of partsToPrint) {
      const entry = anchors.get(part.anchor);
      if (!entry || entry.pageIndex < 0) throw new Error(`cannot find where ${part.anchor} starts in the printed pack`);
      starts.set(part.anchor, entry.pageIndex + 1);
    }
    return { bytes, html, printedPages: pages, ...withPdfPagesCounted(partsToPrint, starts, pages) };
  };
  /** The reserved pages of every PDF's pages after its first, for both packs (see buildStampSheetView). */
  const printStamps = async (ranges: ReadonlyMap<string, PageRange>): Promise<StampSheet | undefined> => {
    const stamped = parts.flatMap((part) => ((part.kind === 'appendix' || part.kind === 'papers') && part.paper.kind === 'pdf' && part.paper.pageCount > 1 ? [{ anchor: part.anchor, pages: part.paper.pageCount - 1 }] : []));
    if (stamped.length === 0) return undefined;
    const bytes = await printer.print({ html: await renderStampSheetHtml(resolved, parts, config, ranges), outline: false, tagged: false });
    prints += 1;
    const from = new Map<string, number>();
    let at = 0;
    for (const { anchor, pages } of stamped) {
      from.set(anchor, at);
      at += pages;
    }
    const { pages } = await readBookmarkTargets(bytes);
    if (pages !== at) throw new Error(`the stamp sheet has ${pages} pages; expected ${at}`);
    return { bytes, from };
  };

  /** Whether the pack is small enough to print both versions at once (and to keep its workers warm). */
  let sideBySide = true;
  let finishing = false;
  const finish = (printed: Printed, stamps: StampSheet | undefined, partsPrinted: readonly PackPart[], variant: PackVariant, ranges: ReadonlyMap<string, PageRange>) => {
    if (!finishing) onStage?.('finishing');
    finishing = true;
    // In a worker thread, so the main thread still answers signals and --timeout.
    return finishPackInWorker(finishJob(resolved, config, templates, printed, stamps, partsPrinted, variant, ranges), timeoutMs, sideBySide);
  };

  onStage?.('layout');
  const layout = await print(parts, 'confidential', undefined, options.layoutAhead);
  const { pageOffset } = resolved.issue;
  let ranges = rangesFromStarts(parts, layout.starts, layout.pages, pageOffset);
  // A PDF's pages are on the stamp sheet, not in the packs' prints: only the other pages weigh on memory.
  sideBySide = layout.printedPages <= (options.sideBySideMaxPages ?? SIDE_BY_SIDE_MAX_PAGES);
  // Workers ready for the finishing, unless the browser needs the memory for a large pack.
  if (sideBySide) prepareAssembly();
  else releaseIdleWorkers();
  const exempt = hasExemptContent(resolved);
  const publicPlan = exempt ? publicParts(resolved) : parts;

  for (let pass = 0; pass < MAX_NUMBERING_PASSES; pass++) {
    onStage?.(pass === 0 ? 'numbering' : 'renumbering');
    checkSlots(parts, ranges);
    const numbered = ranges;
    // The members' pack is finished while the public pack prints; both use the same ranges and stamps.
    const membersPrinted = print(parts, 'confidential', numbered);
    const stamps = sideBySide ? printStamps(numbered) : membersPrinted.then(() => printStamps(numbered));
    // Awaited by the packs' finishing; should a print fail first, its failure is theirs to report.
    stamps.catch(() => undefined);
    const members = membersPrinted.then(async (printed) => {
      const settled = rangesFromStarts(parts, printed.starts, printed.pages, pageOffset);
      if (!sameRanges(settled, numbered)) return { settled, bytes: undefined, pages: 0, warnings: [] };
      const finished = await finish(printed, await stamps, parts, exempt ? 'confidential' : 'public', numbered);
      return { settled, bytes: finished.bytes, pages: finished.pages, warnings: finished.warnings };
    });
    const printPublic = () => print(publicPlan, 'public', numbered);
    const publicPrint = exempt ? (sideBySide ? printPublic() : stamps.then(printPublic)) : undefined;
    const publicFinished = publicPrint?.then(async (printed) => ({ printed, finished: await finish(printed, await stamps, publicPlan, 'public', numbered) }));
    // The web pages are written while the packs are finished (they need only the numbers).
    const webPagesMade = renderWebPages([{ resolved, ranges: numbered }], config);
    webPagesMade.catch(() => undefined);
    const [full, publicPack] = await Promise.all([members, publicFinished]);
    if (!full.bytes) {
      // Filling the numbers in moved a page break: print again with the numbers now found.
      await Promise.allSettled([publicFinished, stamps]);
      ranges = full.settled;
      continue;
    }
    const web = await webPagesMade;
    if (!exempt) {
      return { ...web, publicPdf: full.bytes, confidentialPdf: undefined, pages: full.pages, publicPages: full.pages, ranges, prints, warnings: full.warnings };
    }
    const expectedPublicPages = full.pages - standInSavings(publicPlan, ranges);
    if (!publicPack || publicPack.finished.pages !== expectedPublicPages) {
      throw new Error(`the public pack has ${publicPack?.finished.pages ?? '?'} pages; expected ${expectedPublicPages}, so its page numbers would not match the members' pack`);
    }
    // A public paper's warning comes from both packs: said once.
    const warnings = [...full.warnings, ...publicPack.finished.warnings].filter((warning, index, all) => all.findIndex((other) => other.file === warning.file && other.message === warning.message) === index);
    return { ...web, publicPdf: publicPack.finished.bytes, confidentialPdf: full.bytes, pages: full.pages, publicPages: publicPack.finished.pages, ranges, prints, warnings };
  }
  throw new Error('the page numbers did not settle: filling them in keeps moving the pages');
}

/**
 * A print has one page for each PDF (see pack-view): every part after a PDF starts that PDF's
 * other pages later in the finished pack, which has that many more pages.
 */
function withPdfPagesCounted(parts: readonly PackPart[], printedStarts: ReadonlyMap<string, number>, printedPages: number): { starts: Map<string, number>; pages: number } {
  const starts = new Map<string, number>();
  let shift = 0;
  for (const part of parts) {
    const start = printedStarts.get(part.anchor);
    if (start !== undefined) starts.set(part.anchor, start + shift);
    if ((part.kind === 'appendix' || part.kind === 'papers') && part.paper.kind === 'pdf') shift += part.paper.pageCount - 1;
  }
  return { starts, pages: printedPages + shift };
}

/** What the worker needs to finish one printed pack. */
function finishJob(
  resolved: ResolvedMeeting,
  config: CouncilConfig,
  templates: TemplateSet,
  printed: Printed,
  stamps: StampSheet | undefined,
  parts: readonly PackPart[],
  variant: PackVariant,
  ranges: ReadonlyMap<string, PageRange>,
): FinishJob {
  const { meeting, issue } = resolved;
  const date = formatLongDate(meeting.date, config.language);
  const bookmarkTitles = [{ anchor: 'front-sheet-title', title: issue.supplement > 0 ? templates.label('supplementFrontSheet', { number: issue.supplement }) : templates.label('agendaFrontSheet') }];
  for (const part of parts) {
    if (part.kind === 'appendix') continue;
    if (part.kind === 'notice') {
      // A notice names what it stands for: the item, or the one appendix.
      const what = part.appendix ? templates.appendixHeading(part.appendix.number, part.appendix.title) : templates.itemHeading(part.item.number, part.item.title);
      bookmarkTitles.push({ anchor: part.anchor, title: templates.label('exemptBookmark', { title: what }) });
    } else {
      bookmarkTitles.push({ anchor: part.anchor, title: templates.itemHeading(part.item.number, part.item.title) });
    }
  }
  const pdfs = parts.flatMap((part) =>
    (part.kind === 'appendix' || part.kind === 'papers') && part.paper.kind === 'pdf'
      ? [
          {
            anchor: part.anchor,
            file: part.paper.file,
            bytes: part.paper.bytes,
            firstSourcePage: part.paper.firstPage,
            firstPageIndex: (printed.starts.get(part.anchor) ?? 0) - 1,
            pageCount: part.paper.pageCount,
            outline: part.paper.outline,
            namedDestinations: part.paper.namedDestinations,
            firstStamp: stamps?.from.get(part.anchor) ?? -1,
          },
        ]
      : [],
  );
  return {
    printed: printed.bytes,
    stampSheet: stamps?.bytes,
    html: printed.html,
    bookmarkTitles,
    pdfs,
    pageLabels: pageLabels(parts, printed, ranges, issue),
    metadata: {
      title: packTitle(resolved, variant, templates, config.language),
      subject: `${meeting.council}, ${meeting.committee}, ${date}`,
      author: meeting.council,
      language: config.language,
      keywords: ['agenda', meeting.committee, variant],
    },
    links: linkWording(config),
  };
}

/**
 * The printed number of every page: one run from 1 in the members' pack; in the public pack a
 * notice is labelled with the pages it stands for, and the numbers go on after them.
 */
function pageLabels(parts: readonly PackPart[], printed: Printed, ranges: ReadonlyMap<string, PageRange>, issue: PackIssue): PageLabelRange[] {
  const prefix = issue.pagePrefix || undefined;
  const labels: PageLabelRange[] = [{ pageIndex: 0, first: issue.pageOffset + 1, prefix }];
  for (const part of parts) {
    if (part.kind !== 'notice') continue;
    const range = ranges.get(part.standsFor);
    const at = printed.starts.get(part.anchor);
    if (!range || at === undefined) continue;
    labels.push({ pageIndex: at - 1, label: formatRange(range, issue.pagePrefix) });
    if (at < printed.pages) labels.push({ pageIndex: at, first: range.last + 1, prefix });
  }
  return labels;
}

/** Pages the public pack has fewer than the members' pack: each notice stands for its range. */
function standInSavings(parts: readonly PackPart[], ranges: ReadonlyMap<string, PageRange>): number {
  return parts.reduce((saved, part) => {
    if (part.kind !== 'notice') return saved;
    const range = ranges.get(part.standsFor);
    return saved + (range ? range.last - range.first : 0);
  }, 0);
}

/** A PDF paper must occupy exactly its reserved pages, or its pages would be drawn over others. */
function checkSlots(parts: readonly PackPart[], ranges: ReadonlyMap<string, PageRange>): void {
  for (const part of parts) {
    if ((part.kind !== 'appendix' && part.kind !== 'papers') || part.paper.kind !== 'pdf') continue;
    const range = ranges.get(part.anchor);
    const own = part.kind === 'papers' ? firstOf(parts, part, ranges) : range;
    if (!own || own.last - own.first + 1 !== part.paper.pageCount) {
      throw new Error(`the pages reserved for ${part.paper.file} do not match its ${part.paper.pageCount} page(s)`);
    }
  }
}

/** The pages of an item's own papers, before its appendices (an item's range includes them). */
function firstOf(parts: readonly PackPart[], part: PackPart, ranges: ReadonlyMap<string, PageRange>): PageRange | undefined {
  const range = ranges.get(part.anchor);
  const next = parts[parts.indexOf(part) + 1];
  if (!range) return undefined;
  if (next && next.item === part.item) {
    const nextRange = ranges.get(next.anchor);
    if (nextRange) return { first: range.first, last: nextRange.first - 1 };
  }
  return range;
}

function sameRanges(a: ReadonlyMap<string, PageRange>, b: ReadonlyMap<string, PageRange>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, range] of a) {
    const other = b.get(key);
    if (!other || other.first !== range.first || other.last !== range.last) return false;
  }
  return true;
}
