import { PDFDocument } from '@cantoo/pdf-lib';
import { slotDrawingArea } from './pdf-slot-geometry.js';

export interface PdfPlacement {
  bytes: Uint8Array;
  /** 0-based index of the first reserved page in the printed pack. */
  firstPageIndex: number;
  pageCount: number;
}

/**
 * Draws each page of a PDF appendix onto the page reserved for it. Drawing onto the printed
 * page (rather than inserting the appendix's pages) keeps the pack's tags, bookmarks and
 * Chromium's page numbers and margin notes on those pages.
 */
export async function drawPdfAppendices(doc: PDFDocument, placements: readonly PdfPlacement[]): Promise<void> {
  const area = slotDrawingArea();
  for (const placement of placements) {
    const source = await PDFDocument.load(placement.bytes, { updateMetadata: false });
    const embedded = await doc.embedPdf(source, source.getPageIndices());
    embedded.forEach((page, index) => {
      const target = doc.getPage(placement.firstPageIndex + index);
      const scale = Math.min(area.width / page.width, area.height / page.height, 1);
      const width = page.width * scale;
      const height = page.height * scale;
      target.drawPage(page, {
        x: area.x + (area.width - width) / 2,
        y: area.y + area.height - height,
        xScale: scale,
        yScale: scale,
      });
    });
  }
}
