import type { PDFDocument } from '@cantoo/pdf-lib';
import { commitUpdate, openForUpdate } from '../print/pdf-incremental.js';
import type { CouncilConfig } from '../config/council.js';
import type { Printer } from '../print/printer.js';
import { loadTemplates } from '../render/templates.js';
import { renderAgendaHtml, renderPackHtml } from '../render/pack-html.js';
import { formatLongDate } from '../render/dates.js';
import type { ResolvedMeeting } from './pack-model.js';
import { fullParts, hasExemptContent, publicParts, rangesFromStarts, type PackPart, type PackVariant, type PageRange } from './pack-plan.js';
import { anchorsInOutline, readOutline, renameBookmark, repairBookmarkTitles } from './outline.js';
import { drawPdfAppendices } from './draw-pdf-appendices.js';

export interface BuiltPack {
  agendaHtml: string;
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
}

export type PackStage = 'layout' | 'numbering' | 'renumbering' | 'finishing';

/** A printed pack read back: the document and the page where each part starts (1-based). */
interface Printed {
  doc: PDFDocument;
  html: string;
  starts: Map<string, number>;
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
 * bookmarks, fill the numbers in and print again; repeat if anything moved.
 */
export async function buildPack(resolved: ResolvedMeeting, config: CouncilConfig, printer: Printer, onStage?: (stage: PackStage) => void): Promise<BuiltPack> {
  const templates = await loadTemplates(config);
  const parts = fullParts(resolved);
  let prints = 0;
  const print = async (partsToPrint: readonly PackPart[], variant: PackVariant, ranges: Map<string, PageRange> | undefined): Promise<Printed> => {
    const html = await renderPackHtml(resolved, partsToPrint, variant, config, ranges);
    const bytes = await printer.print({ html });
    prints += 1;
    const doc = await openForUpdate(bytes);
    const anchors = anchorsInOutline(html, readOutline(doc));
    const starts = new Map<string, number>();
    for (const part of partsToPrint) {
      const entry = anchors.get(part.anchor);
      if (!entry || entry.pageIndex < 0) throw new Error(`cannot find where ${part.anchor} starts in the printed pack`);
      starts.set(part.anchor, entry.pageIndex + 1);
    }
    return { doc, html, starts };
  };

  const subject = `${resolved.meeting.council}, ${resolved.meeting.committee}, ${formatLongDate(resolved.meeting.date, config.language)}`;
  const finish = async (result: Printed, partsPrinted: readonly PackPart[], variant: PackVariant): Promise<Uint8Array> => {
    const outline = readOutline(result.doc);
    repairBookmarkTitles(result.html, outline);
    const anchors = anchorsInOutline(result.html, outline);
    const front = anchors.get('front-sheet-title');
    if (front) renameBookmark(front, templates.label('agendaFrontSheet'));
    for (const part of partsPrinted) {
      if (part.kind === 'appendix') continue;
      const entry = anchors.get(part.anchor);
      if (entry) renameBookmark(entry, `${templates.label('itemNumber')} ${part.item.number}: ${part.item.title}`);
    }
    await drawPdfAppendices(
      result.doc,
      partsPrinted.flatMap((part) =>
        part.kind === 'appendix' && part.paper.kind === 'pdf'
          ? [{ bytes: part.paper.bytes, pageCount: part.paper.pageCount, firstPageIndex: (result.starts.get(part.anchor) ?? 0) - 1 }]
          : [],
      ),
    );
    const title = `${resolved.meeting.committee}, ${formatLongDate(resolved.meeting.date, config.language)}: ${templates.label(variant === 'public' ? 'publicPack' : 'confidentialPack')}`;
    result.doc.setTitle(title, { showInWindowTitleBar: true });
    result.doc.setSubject(subject);
    result.doc.setAuthor(resolved.meeting.council);
    result.doc.setLanguage(config.language);
    result.doc.setKeywords(['agenda', resolved.meeting.committee, variant]);
    result.doc.setCreator('committee-papers');
    return commitUpdate(result.doc);
  };

  onStage?.('layout');
  let ranges = await print(parts, 'confidential', undefined).then((layout) => rangesFromStarts(parts, layout.starts, layout.doc.getPageCount()));
  const layoutPages = Math.max(0, ...[...ranges.values()].map((range) => range.last));
  const sideBySide = layoutPages <= SIDE_BY_SIDE_MAX_PAGES;
  const exempt = hasExemptContent(resolved);
  const publicPlan = exempt ? publicParts(resolved) : parts;

  for (let pass = 0; pass < MAX_NUMBERING_PASSES; pass++) {
    onStage?.(pass === 0 ? 'numbering' : 'renumbering');
    checkSlots(parts, ranges);
    const numbered = ranges;
    // The members' pack is finished while the public pack prints; both use the same ranges.
    const membersPrinted = print(parts, 'confidential', numbered);
    const members = membersPrinted.then(async (printed) => {
      const settled = rangesFromStarts(parts, printed.starts, printed.doc.getPageCount());
      if (!sameRanges(settled, numbered)) return { settled, bytes: undefined, pages: 0 };
      return { settled, bytes: await finish(printed, parts, exempt ? 'confidential' : 'public'), pages: printed.doc.getPageCount() };
    });
    const printPublic = () => print(publicPlan, 'public', numbered);
    const publicPrint = exempt ? (sideBySide ? printPublic() : membersPrinted.then(printPublic)) : undefined;
    const [full, publicPrinted] = await Promise.all([members, publicPrint]);
    if (!full.bytes) {
      // Filling the numbers in moved a page break: print again with the numbers now found.
      ranges = full.settled;
      continue;
    }
    if (!publicPrinted) {
      return { agendaHtml: await renderAgendaHtml(resolved, config, ranges), publicPdf: full.bytes, confidentialPdf: undefined, pages: full.pages, publicPages: full.pages, ranges, prints };
    }
    onStage?.('finishing');
    const publicPages = publicPrinted.doc.getPageCount();
    const expectedPublicPages = full.pages - standInSavings(publicPlan, ranges);
    if (publicPages !== expectedPublicPages) {
      throw new Error(`the public pack has ${publicPages} pages; expected ${expectedPublicPages}, so its page numbers would not match the members' pack`);
    }
    const publicPdf = await finish(publicPrinted, publicPlan, 'public');
    return { agendaHtml: await renderAgendaHtml(resolved, config, ranges), publicPdf, confidentialPdf: full.bytes, pages: full.pages, publicPages, ranges, prints };
  }
  throw new Error('the page numbers did not settle: filling them in keeps moving the pages');
}

/** Pages the public pack has fewer than the members' pack: each notice stands for its range. */
function standInSavings(parts: readonly PackPart[], ranges: ReadonlyMap<string, PageRange>): number {
  return parts.reduce((saved, part) => {
    if (part.kind !== 'notice') return saved;
    const range = ranges.get(part.standsFor);
    return saved + (range ? range.last - range.first : 0);
  }, 0);
}

/** A PDF appendix must occupy exactly its reserved pages, or its pages would be drawn over others. */
function checkSlots(parts: readonly PackPart[], ranges: ReadonlyMap<string, PageRange>): void {
  for (const part of parts) {
    if (part.kind !== 'appendix' || part.paper.kind !== 'pdf') continue;
    const range = ranges.get(part.anchor);
    if (!range || range.last - range.first + 1 !== part.paper.pageCount) {
      throw new Error(`the pages reserved for ${part.paper.file} do not match its ${part.paper.pageCount} page(s)`);
    }
  }
}

function sameRanges(a: ReadonlyMap<string, PageRange>, b: ReadonlyMap<string, PageRange>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, range] of a) {
    const other = b.get(key);
    if (!other || other.first !== range.first || other.last !== range.last) return false;
  }
  return true;
}
