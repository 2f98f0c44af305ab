import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, decodePDFRawStream, type PDFDocument, type PDFPage } from '@cantoo/pdf-lib';

/** Annotation flags (PDF 32000-1, 12.5.3). */
const HIDDEN = 1 << 1;
const NO_VIEW = 1 << 5;

interface Box {
  pageIndex: number;
  rect: [number, number, number, number];
}

/**
 * Ways a PDF can look redacted while the words are still in the file: a redaction marked but
 * never applied, or an opaque box (a drawn rectangle, stamp or shape annotation) over text that
 * is still there to copy, search or read aloud. Drawing the box into the page would not remove
 * the words beneath it; only applying the redaction does. Looks at one PDF's `pages`, which
 * start at page `firstPage` of `doc` (several PDFs may share one); returns one sentence per
 * finding, pages numbered from that PDF's first.
 */
export async function findHiddenText(doc: PDFDocument, bytes: Uint8Array, pages: readonly PDFPage[] = doc.getPages(), firstPage = 0): Promise<string[]> {
  const findings: string[] = [];
  const boxes: Box[] = [];
  pages.forEach((page, pageIndex) => {
    for (const entry of page.node.Annots()?.asArray() ?? []) {
      const annot = doc.context.lookupMaybe(entry, PDFDict);
      if (!annot) continue;
      const subtype = annot.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText();
      if (subtype === 'Redact') {
        findings.push(`page ${pageIndex + 1} has a redaction that was marked but never applied, so the text under it is still in the file`);
        continue;
      }
      const rect = annot
        .lookupMaybe(PDFName.of('Rect'), PDFArray)
        ?.asArray()
        .map((value) => doc.context.lookupMaybe(value, PDFNumber)?.asNumber() ?? 0);
      if (rect?.length === 4 && isOpaqueBox(doc, annot, subtype)) {
        const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = rect;
        boxes.push({ pageIndex, rect: [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)] });
      }
    }
  });
  if (boxes.length === 0) return findings;
  const pageIndexes = [...new Set(boxes.map((box) => box.pageIndex))];
  const texts = await textPositions(
    bytes,
    pageIndexes.map((pageIndex) => firstPage + pageIndex),
  );
  pageIndexes.forEach((pageIndex, at) => {
    const onPage = boxes.filter((box) => box.pageIndex === pageIndex);
    const covered = (texts[at] ?? []).filter((item) => onPage.some((box) => inside(item, box.rect)));
    if (covered.length > 0) findings.push(`page ${pageIndex + 1} has a box drawn over text that is still in the file (${covered.length} piece(s) of text)`);
  });
  return findings;
}

/** A visible annotation that paints an opaque area: a filled shape, or an appearance that fills. */
function isOpaqueBox(doc: PDFDocument, annot: PDFDict, subtype: string | undefined): boolean {
  if (!subtype || ['Link', 'Popup', 'Text', 'Highlight', 'Underline', 'StrikeOut', 'Squiggly', 'Caret', 'FileAttachment', 'Widget'].includes(subtype)) return false;
  const flags = annot.lookupMaybe(PDFName.of('F'), PDFNumber)?.asNumber() ?? 0;
  if ((flags & (HIDDEN | NO_VIEW)) !== 0) return false;
  const opacity = annot.lookupMaybe(PDFName.of('CA'), PDFNumber)?.asNumber() ?? 1;
  if (opacity < 0.9) return false;
  if ((subtype === 'Square' || subtype === 'Circle' || subtype === 'Polygon') && (annot.lookupMaybe(PDFName.of('IC'), PDFArray)?.size() ?? 0) > 0) return true;
  const normal = doc.context.lookup(annot.lookupMaybe(PDFName.of('AP'), PDFDict)?.get(PDFName.of('N')));
  if (!(normal instanceof PDFRawStream)) return false;
  try {
    const operators = new TextDecoder('latin1').decode(decodePDFRawStream(normal).decode());
    // A fill operator (f, F, f*, B, B*, b, b*) or a painted image.
    return /(^|\s)(f\*?|F|B\*?|b\*?)(\s|$)/.test(operators) || /\bDo\b/.test(operators);
  } catch {
    return false;
  }
}

interface TextItem {
  x: number;
  y: number;
  width: number;
  height: number;
}

function inside(item: TextItem, [x0, y0, x1, y1]: [number, number, number, number]): boolean {
  const cx = item.x + item.width / 2;
  const cy = item.y + Math.max(item.height, 1) / 3;
  return cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1;
}

/** Where each piece of text on the given pages is drawn (PDF points), read with pdf.js (the file opened once). */
async function textPositions(bytes: Uint8Array, pageIndexes: readonly number[]): Promise<TextItem[][]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: bytes.slice(), isEvalSupported: false, verbosity: 0, useSystemFonts: false }).promise;
  try {
    const pages: TextItem[][] = [];
    for (const pageIndex of pageIndexes) {
      const content = await (await doc.getPage(pageIndex + 1)).getTextContent();
      pages.push(content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [{ x: Number(item.transform[4]), y: Number(item.transform[5]), width: item.width, height: item.height }] : [])));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
