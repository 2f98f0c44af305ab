import {
  PDFDocument,
  PDFString,
  StandardFonts,
  TextRenderingMode,
  clip,
  degrees,
  drawObject,
  endPath,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setTextRenderingMode,
  concatTransformationMatrix,
  type PDFPage,
} from '@cantoo/pdf-lib';
import type { Rect } from './real-world-pdfs.js';

/**
 * The ways people hide words in a PDF without removing them (each leaves the words in the file,
 * to copy, search or read aloud), and pages whose words are all to be seen, for the check that
 * decides by drawing (src/load/unseen-words.ts). Each maker changes one page of a PDF.
 */

async function onPage(pdf: Uint8Array, pageIndex: number, change: (page: PDFPage, doc: PDFDocument) => Promise<void> | void): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  await change(doc.getPage(pageIndex), doc);
  return doc.save();
}

function annotate(doc: PDFDocument, page: PDFPage, rect: Rect, entries: Record<string, unknown>, appearance: string, resources?: Record<string, unknown>): void {
  const ap = doc.context.register(doc.context.stream(appearance, { Type: 'XObject', Subtype: 'Form', BBox: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height], ...(resources ? { Resources: resources } : {}) } as never));
  const annot = doc.context.register(doc.context.obj({ Type: 'Annot', Rect: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height], F: 4, AP: { N: ap }, ...entries } as never));
  page.node.addAnnot(annot);
}

/** Scribbled over with a thick black pen (an Ink annotation). */
export function withInkOver(pdf: Uint8Array, pageIndex: number, rect: Rect): Promise<Uint8Array> {
  return onPage(pdf, pageIndex, (page, doc) => {
    const strokes: number[][] = [];
    for (let y = rect.y + 3; y < rect.y + rect.height; y += 5) strokes.push([rect.x, y, rect.x + rect.width, y]);
    const drawn = strokes.map(([x0, y0, x1, y1]) => `${x0} ${y0} m ${x1} ${y1} l S`).join('\n');
    annotate(doc, page, rect, { Subtype: 'Ink', C: [0, 0, 0], BS: { W: 8 }, InkList: strokes, Contents: PDFString.of('ink') }, `0 0 0 RG 8 w 1 J\n${drawn}`);
  });
}

/** Highlighted in black (a Highlight annotation, drawn multiplied, as viewers draw highlights). */
export function withBlackHighlight(pdf: Uint8Array, pageIndex: number, rect: Rect): Promise<Uint8Array> {
  return onPage(pdf, pageIndex, (page, doc) => {
    const { x, y, width, height } = rect;
    annotate(doc, page, rect, { Subtype: 'Highlight', C: [0, 0, 0], QuadPoints: [x, y + height, x + width, y + height, x, y, x + width, y] }, `/GS0 gs 0 0 0 rg ${x} ${y} ${width} ${height} re f`, { ExtGState: { GS0: { BM: 'Multiply' } } });
  });
}

/** An empty form field with a black background (/MK /BG) laid over the words. */
export function withBlackField(pdf: Uint8Array, pageIndex: number, rect: Rect): Promise<Uint8Array> {
  return onPage(pdf, pageIndex, async (page, doc) => {
    const field = doc.getForm().createTextField('cover');
    field.addToPage(page, { ...rect, backgroundColor: rgb(0, 0, 0), borderColor: rgb(0, 0, 0), font: await doc.embedFont(StandardFonts.Helvetica) });
  });
}

/** A filled rectangle drawn into the page content over the words (Word's "redaction", exported). */
export function withRectangleDrawn(pdf: Uint8Array, pageIndex: number, rect: Rect, color = rgb(0, 0, 0)): Promise<Uint8Array> {
  return onPage(pdf, pageIndex, (page) => page.drawRectangle({ ...rect, color }));
}

/** A black picture placed over the words. */
export function withImageOver(pdf: Uint8Array, pageIndex: number, rect: Rect): Promise<Uint8Array> {
  return onPage(pdf, pageIndex, (page, doc) => {
    const image = doc.context.register(doc.context.stream(new Uint8Array([0, 0, 0, 0]), { Type: 'XObject', Subtype: 'Image', Width: 2, Height: 2, ColorSpace: 'DeviceGray', BitsPerComponent: 8 }));
    const name = page.node.newXObject('Cover', image);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(rect.width, 0, 0, rect.height, rect.x, rect.y), drawObject(name), popGraphicsState());
  });
}

/** Words added to a page, drawn by `style` (pdf-lib's drawText, inside a saved graphics state). */
async function withText(pdf: Uint8Array, pageIndex: number, text: string, style: (page: PDFPage) => void, options: { x?: number; y?: number; size?: number; color?: ReturnType<typeof rgb> } = {}): Promise<Uint8Array> {
  return onPage(pdf, pageIndex, async (page, doc) => {
    const font = await doc.embedFont(StandardFonts.Helvetica);
    page.pushOperators(pushGraphicsState());
    style(page);
    page.drawText(text, { x: options.x ?? 60, y: options.y ?? 120, size: options.size ?? 12, font, color: options.color ?? rgb(0, 0, 0) });
    page.pushOperators(popGraphicsState());
  });
}

/** Words in invisible rendering mode (3 Tr), as OCR layers and some "hide" tools write them. */
export function withInvisibleText(pdf: Uint8Array, pageIndex: number, text: string): Promise<Uint8Array> {
  return withText(pdf, pageIndex, text, (page) => page.pushOperators(setTextRenderingMode(TextRenderingMode.Invisible)));
}

/** Words clipped out of view (a clip of one point square, elsewhere). */
export function withClippedText(pdf: Uint8Array, pageIndex: number, text: string): Promise<Uint8Array> {
  return withText(pdf, pageIndex, text, (page) => page.pushOperators(rectangle(0, 0, 1, 1), clip(), endPath()));
}

/** White words on the white page. */
export function withWhiteText(pdf: Uint8Array, pageIndex: number, text: string): Promise<Uint8Array> {
  return withText(pdf, pageIndex, text, () => {}, { color: rgb(1, 1, 1) });
}

/** Invisible words (3 Tr) laid over words that can be seen: the ink a reader sees is the others'. */
export async function withInvisibleTextOverVisible(pdf: Uint8Array, pageIndex: number, text: string): Promise<Uint8Array> {
  const visible = await withText(pdf, pageIndex, 'Approved budget for the library service', () => {}, { x: 60, y: 300 });
  return withText(visible, pageIndex, text, (page) => page.pushOperators(setTextRenderingMode(TextRenderingMode.Invisible)), { x: 60, y: 300 });
}

/** Words drawn below the page's visible box. */
export function withTextOffPage(pdf: Uint8Array, pageIndex: number, text: string): Promise<Uint8Array> {
  return withText(pdf, pageIndex, text, () => {}, { y: -200 });
}

/** Words a tenth of a point high. */
export function withTinyText(pdf: Uint8Array, pageIndex: number, text: string): Promise<Uint8Array> {
  return withText(pdf, pageIndex, text, () => {}, { size: 0.1 });
}

/** Words in the same colour as a box drawn under them. */
export function withTextOnSameColour(pdf: Uint8Array, pageIndex: number, text: string): Promise<Uint8Array> {
  const navy = rgb(0.1, 0.15, 0.4);
  return withText(pdf, pageIndex, text, (page) => page.drawRectangle({ x: 50, y: 110, width: 400, height: 30, color: navy }), { color: navy });
}

/**
 * Pages whose words can all be seen, though drawn over or under other things: a table with
 * shaded rows, a light watermark behind the words and one laid over them, white words on a
 * dark band, dark words on a coloured page, small (6 pt) print and a light grey footer.
 */
export async function visibleControls(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const body = 'Valuation of the site at North Place, for disposal by the council.';
  // A table with shaded rows and a heading row.
  const table = doc.addPage([595.28, 841.89]);
  for (let row = 0; row < 20; row++) {
    const y = 760 - row * 22;
    table.drawRectangle({ x: 50, y: y - 6, width: 495, height: 22, color: row === 0 ? rgb(0.2, 0.3, 0.5) : row % 2 ? rgb(0.93, 0.93, 0.93) : rgb(0.85, 0.9, 0.97), borderColor: rgb(0.6, 0.6, 0.6), borderWidth: 0.5 });
    table.drawText(row === 0 ? 'Item Budget Spent Remaining' : `Line ${row} £${row * 1200} £${row * 800} £${row * 400}`, { x: 56, y, size: 10, font: row === 0 ? bold : font, color: row === 0 ? rgb(1, 1, 1) : rgb(0, 0, 0) });
  }
  // A light watermark behind the words, and another laid over them, faint.
  const marked = doc.addPage([595.28, 841.89]);
  marked.drawText('DRAFT', { x: 120, y: 300, size: 140, font: bold, color: rgb(0.88, 0.88, 0.88), rotate: degrees(45) });
  for (let line = 0; line < 30; line++) marked.drawText(`${body} Line ${line + 1}.`, { x: 50, y: 780 - line * 20, size: 11, font });
  marked.drawText('CONFIDENTIAL', { x: 80, y: 420, size: 60, font: bold, color: rgb(0.9, 0.4, 0.4), opacity: 0.25 });
  // A coloured page, with a dark band of white words.
  const coloured = doc.addPage([595.28, 841.89]);
  coloured.drawRectangle({ x: 0, y: 0, width: 595.28, height: 841.89, color: rgb(1, 0.97, 0.8) });
  coloured.drawRectangle({ x: 0, y: 740, width: 595.28, height: 80, color: rgb(0.1, 0.2, 0.45) });
  coloured.drawText('Planning Committee', { x: 50, y: 770, size: 24, font: bold, color: rgb(1, 1, 1) });
  for (let line = 0; line < 20; line++) coloured.drawText(`${body} Point ${line + 1}.`, { x: 50, y: 700 - line * 18, size: 11, font, color: rgb(0.2, 0.2, 0.2) });
  // Small print: 6 pt footnotes.
  const small = doc.addPage([595.28, 841.89]);
  small.drawText('Page 4 of 4 · printed from the committee system', { x: 40, y: 20, size: 8, font, color: rgb(0.85, 0.85, 0.85) });
  for (let line = 0; line < 60; line++) small.drawText(`${line + 1}. Source: council records, figures rounded; see the valuation note ${line + 1}, Annex B (i).`, { x: 40, y: 800 - line * 9, size: 6, font });
  doc.setTitle('Controls');
  return doc.save();
}
