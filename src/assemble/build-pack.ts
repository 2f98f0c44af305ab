import { PDFDocument } from '@cantoo/pdf-lib';
import type { CouncilConfig } from '../config/council.js';
import type { Printer } from '../print/printer.js';
import { loadTemplates } from '../render/templates.js';
import { renderAgendaHtml, renderPackHtml } from '../render/pack-html.js';
import { formatLongDate } from '../render/dates.js';
import type { ResolvedMeeting } from './pack-model.js';
import { fullParts, hasExemptContent, publicParts, rangesFromStarts, type PackPart, type PackVariant, type PageRange } from './pack-plan.js';
import { anchorsInOutline, readOutline, renameBookmark } from './outline.js';
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
  /** Prints it took (placeholders, numbered, public). */
  prints: number;
}

export type PackStage = 'layout' | 'numbering' | 'public' | 'finishing';

/** A printed pack read back: the document and the page where each part starts (1-based). */
interface Printed {
  doc: PDFDocument;
  html: string;
  starts: Map<string, number>;
}

const MAX_NUMBERING_PASSES = 3;

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
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const anchors = anchorsInOutline(html, readOutline(doc));
    const starts = new Map<string, number>();
    for (const part of partsToPrint) {
      const entry = anchors.get(part.anchor);
      if (!entry || entry.pageIndex < 0) throw new Error(`cannot find where ${part.anchor} starts in the printed pack`);
      starts.set(part.anchor, entry.pageIndex + 1);
    }
    return { doc, html, starts };
  };

  onStage?.('layout');
  let printed = await print(parts, 'confidential', undefined);
  let ranges = rangesFromStarts(parts, printed.starts, printed.doc.getPageCount());
  onStage?.('numbering');
  for (let pass = 0; pass < MAX_NUMBERING_PASSES; pass++) {
    printed = await print(parts, 'confidential', ranges);
    const settled = rangesFromStarts(parts, printed.starts, printed.doc.getPageCount());
    if (sameRanges(settled, ranges)) break;
    if (pass === MAX_NUMBERING_PASSES - 1) throw new Error('the page numbers did not settle: filling them in keeps moving the pages');
    ranges = settled;
  }
  const fullPages = printed.doc.getPageCount();

  const subject = `${resolved.meeting.council}, ${resolved.meeting.committee}, ${formatLongDate(resolved.meeting.date, config.language)}`;
  const finish = async (result: Printed, partsPrinted: readonly PackPart[], variant: PackVariant): Promise<Uint8Array> => {
    const anchors = anchorsInOutline(result.html, readOutline(result.doc));
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
    return result.doc.save({ useObjectStreams: false });
  };

  checkSlots(parts, ranges);
  if (!hasExemptContent(resolved)) {
    onStage?.('finishing');
    const publicPdf = await finish(printed, parts, 'public');
    return { agendaHtml: await renderAgendaHtml(resolved, config, ranges), publicPdf, confidentialPdf: undefined, pages: fullPages, publicPages: fullPages, ranges, prints };
  }

  onStage?.('public');
  const publicPlan = publicParts(resolved);
  const publicPrinted = await print(publicPlan, 'public', ranges);
  const publicPages = publicPrinted.doc.getPageCount();
  const expectedPublicPages = fullPages - publicPlan.reduce((removed, part) => {
    if (part.kind !== 'notice') return removed;
    const range = ranges.get(part.standsFor);
    return removed + (range ? range.last - range.first : 0);
  }, 0);
  if (publicPages !== expectedPublicPages) {
    throw new Error(`the public pack has ${publicPages} pages; expected ${expectedPublicPages}, so its page numbers would not match the members' pack`);
  }
  onStage?.('finishing');
  const confidentialPdf = await finish(printed, parts, 'confidential');
  const publicPdf = await finish(publicPrinted, publicPlan, 'public');
  return { agendaHtml: await renderAgendaHtml(resolved, config, ranges), publicPdf, confidentialPdf, pages: fullPages, publicPages, ranges, prints };
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
