import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';
import { withoutTextShowing } from './content-tokens.js';

/**
 * Words a reader cannot see though they are in the file: each page with words is drawn twice with
 * pdf.js, annotations and form fields painted, once as it is and once with every text-showing
 * operator taken out (the shapes, images, clips and annotations left as they are); a word whose
 * box looks the same in both is not visible, however it was hidden (a box drawn or annotated
 * over it, an image, invisible or clipped text, white on white, text too small to see). Returns
 * one sentence per page with such words, pages numbered from this PDF's first. A page that
 * cannot be drawn is a finding too (fail closed). Results are kept by the PDF's SHA-256.
 */
export async function findUnseenWords(doc: PDFDocument, pageIndexes: readonly number[], sha256: string | undefined): Promise<string[]> {
  const cacheFile = sha256 ? path.join(cacheFolder(), `${VERSION}-pdfjs-${PDFJS_VERSION}-${sha256}.json`) : undefined;
  if (cacheFile) {
    try {
      const cached: unknown = JSON.parse(await readFile(cacheFile, 'utf8'));
      if (Array.isArray(cached) && cached.every((entry) => typeof entry === 'string')) return cached;
    } catch {
      // Not checked yet.
    }
  }
  const findings = await check(doc, pageIndexes);
  // A page that could not be drawn (memory, a missing canvas library) is refused this time, not for good.
  if (cacheFile && !findings.some((finding) => finding.includes(CANNOT_DRAW))) {
    try {
      await mkdir(path.dirname(cacheFile), { recursive: true });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(findings));
      await rename(temporary, cacheFile);
    } catch {
      // A cache that cannot be written only costs the next build the time to check again.
    }
  }
  return findings;
}

/** Bumped when the check changes, so results kept by an older one are not used (pdf.js's version is in the key too). */
const VERSION = 'v2';
const CANNOT_DRAW = 'could not be drawn to check that every word on it can be seen';
/** Half the side of the page each page is made, to read all its text (PDF's largest page is 14,400 points). */
const WIDE = 20_000;
/** Pixels per PDF point: 6 pt text is 12 pixels high. */
const SCALE = 2;
/** A pixel differs when one of its channels differs by more than this: the two drawings differ only where text was (a light grey footer on white differs by 38). */
const PIXEL_DIFFERENCE = 16;
/** A word is seen when at least this many pixels of its box differ. */
const SEEN_PIXELS = 3;
const EXAMPLES = 3;

/** Where results are kept: PAPERS_HIDDEN_TEXT_CACHE, or the user's cache folder. */
export function cacheFolder(): string {
  const chosen = process.env.PAPERS_HIDDEN_TEXT_CACHE;
  if (chosen) return chosen;
  return path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'committee-papers', 'hidden-text');
}

async function check(doc: PDFDocument, pageIndexes: readonly number[]): Promise<string[]> {
  const cannotDraw = (count: number) => pageIndexes.slice(0, count).map((_, index) => `page ${index + 1} ${CANNOT_DRAW}`);
  let plain: Uint8Array;
  let stripped: Uint8Array;
  let wide: Uint8Array;
  try {
    const own = await PDFDocument.create({ updateMetadata: false });
    for (const page of await own.copyPages(doc, [...pageIndexes])) own.addPage(page);
    plain = await own.save({ useObjectStreams: false });
    // pdf.js leaves out of a page's text what is drawn outside its visible box; on pages made
    // as large as a PDF page can be, it reads those words too, which the drawing then finds
    // outside the page.
    const boxes = own.getPages().map((page) => [page.node.get(PDFName.of('MediaBox')), page.node.get(PDFName.of('CropBox'))] as const);
    for (const page of own.getPages()) {
      page.node.set(PDFName.of('MediaBox'), own.context.obj([-WIDE, -WIDE, WIDE, WIDE]));
      page.node.delete(PDFName.of('CropBox'));
    }
    wide = await own.save({ useObjectStreams: false });
    own.getPages().forEach((page, index) => {
      const [media, crop] = boxes[index] ?? [];
      if (media) page.node.set(PDFName.of('MediaBox'), media);
      if (crop) page.node.set(PDFName.of('CropBox'), crop);
    });
    stripText(own);
    stripped = await own.save({ useObjectStreams: false });
  } catch {
    return cannotDraw(pageIndexes.length);
  }
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const open = (data: Uint8Array) =>
    getDocument({
      data,
      isEvalSupported: false,
      verbosity: 0,
      useSystemFonts: false,
      standardFontDataUrl: PDFJS_DIR && `${PDFJS_DIR}/standard_fonts/`,
      cMapUrl: PDFJS_DIR && `${PDFJS_DIR}/cmaps/`,
      cMapPacked: true,
      wasmUrl: PDFJS_DIR && `${PDFJS_DIR}/wasm/`,
      iccUrl: PDFJS_DIR && `${PDFJS_DIR}/iccs/`,
    }).promise;
  let shown: Awaited<ReturnType<typeof open>> | undefined;
  let bare: Awaited<ReturnType<typeof open>> | undefined;
  let all: Awaited<ReturnType<typeof open>> | undefined;
  try {
    shown = await open(plain);
    bare = await open(stripped);
    all = await open(wide);
  } catch {
    await shown?.destroy();
    await bare?.destroy();
    return cannotDraw(pageIndexes.length);
  }
  const findings: string[] = [];
  try {
    for (let index = 0; index < pageIndexes.length; index++) {
      try {
        const unseen = await unseenOnPage(shown, bare, all, index + 1);
        if (unseen.length > 0) {
          const examples = unseen.slice(0, EXAMPLES).map((word) => `"${word.length > 30 ? `${word.slice(0, 30)}…` : word}"`);
          findings.push(
            `page ${index + 1}: ${unseen.length} word${unseen.length === 1 ? '' : 's'} cannot be seen (${examples.join(', ')}${unseen.length > EXAMPLES ? ', …' : ''}) though ${unseen.length === 1 ? 'it is' : 'they are'} in the file`,
          );
        }
      } catch {
        findings.push(`page ${index + 1} ${CANNOT_DRAW}`);
      }
    }
  } finally {
    await shown.destroy();
    await bare.destroy();
    await all.destroy();
  }
  return findings;
}

const PDFJS_DIR = (() => {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  } catch {
    return undefined;
  }
})();

const PDFJS_VERSION = (() => {
  try {
    return (createRequire(import.meta.url)('pdfjs-dist/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

interface Word {
  text: string;
  /** Its box in the drawing's pixels. */
  box: [number, number, number, number];
  /** Which piece of the page's text it is in (words of one piece never overlap). */
  item: number;
  /** Its size as drawn (the font size times the text's scale), in PDF points. */
  size: number;
}

type PdfJsDocument = Awaited<ReturnType<typeof import('pdfjs-dist/legacy/build/pdf.mjs').getDocument>['promise']>;

/** The words on a page that look the same drawn with and without the page's text. */
async function unseenOnPage(shown: PdfJsDocument, bare: PdfJsDocument, all: PdfJsDocument, pageNumber: number): Promise<string[]> {
  const page = await shown.getPage(pageNumber);
  const viewport = page.getViewport({ scale: SCALE });
  const allText = await all.getPage(pageNumber);
  const words = wordsOf(await allText.getTextContent(), viewport);
  allText.cleanup();
  if (words.length === 0) return [];
  // Only the part of the page the words are in is drawn (a page of one line draws one strip):
  // what lies outside every word's box cannot hide one.
  const pageWidth = Math.ceil(viewport.width);
  const pageHeight = Math.ceil(viewport.height);
  const region = {
    left: Math.max(0, Math.floor(Math.min(...words.map((word) => word.box[0]))) - 2),
    top: Math.max(0, Math.floor(Math.min(...words.map((word) => word.box[1]))) - 2),
    right: Math.min(pageWidth, Math.ceil(Math.max(...words.map((word) => word.box[2]))) + 2),
    bottom: Math.min(pageHeight, Math.ceil(Math.max(...words.map((word) => word.box[3]))) + 2),
  };
  if (region.right <= region.left || region.bottom <= region.top) return words.map((word) => word.text);
  const width = region.right - region.left;
  const height = region.bottom - region.top;
  const regionViewport = page.getViewport({ scale: SCALE, offsetX: -region.left, offsetY: -region.top });
  const draw = async (from: PdfJsDocument) => {
    const drawn = await from.getPage(pageNumber);
    const { canvas, context } = (from.canvasFactory as { create(width: number, height: number): unknown }).create(width, height) as { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D };
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    const { AnnotationMode } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    await drawn.render({ canvas, canvasContext: context, viewport: regionViewport, annotationMode: AnnotationMode.ENABLE, background: '#ffffff' }).promise;
    // @napi-rs/canvas lends its pixels (the page is opaque, so as getImageData would give
    // them), copied here in a millisecond or two while the canvas lives (the loan ends with
    // it: pixels read after it went crashed a test run); getImageData takes 30 ms.
    const lent = (canvas as unknown as { data?: () => Uint8Array }).data?.();
    const pixels = lent?.length === width * height * 4 ? new Uint8Array(lent) : context.getImageData(0, 0, width, height).data;
    drawn.cleanup();
    return pixels;
  };
  // Every word must be gone from the drawing without text, or the comparison proves nothing.
  const bareText = await (await bare.getPage(pageNumber)).getTextContent();
  if (bareText.items.some((item) => 'str' in item && item.str.trim() !== '')) throw new Error('text is left after taking the text out');
  const withText = await draw(shown);
  const withoutText = await draw(bare);
  const unseen: string[] = [];
  for (const word of words) {
    // A word under other words of its size (another piece of text drawn over it) would look seen
    // by their ink: not judged by pixels, and not passed either. Not so the same word drawn twice
    // (bold made by drawing a word again, a little to the side), nor a watermark's large letters
    // across the lines.
    if (words.some((other) => other.item !== word.item && other.text !== word.text && other.size < word.size * 2 && word.size < other.size * 2 && overlap(word.box, other.box) > 0.3)) {
      unseen.push(word.text);
      continue;
    }
    const [x0, y0, x1, y1] = word.box;
    const left = Math.max(0, Math.floor(x0) - region.left);
    const top = Math.max(0, Math.floor(y0) - region.top);
    const right = Math.min(width, Math.ceil(x1) - region.left);
    const bottom = Math.min(height, Math.ceil(y1) - region.top);
    let differing = 0;
    for (let y = top; y < bottom && differing < SEEN_PIXELS; y++) {
      for (let x = left, at = (y * width + left) * 4; x < right; x++, at += 4) {
        if (
          Math.abs((withText[at] as number) - (withoutText[at] as number)) > PIXEL_DIFFERENCE ||
          Math.abs((withText[at + 1] as number) - (withoutText[at + 1] as number)) > PIXEL_DIFFERENCE ||
          Math.abs((withText[at + 2] as number) - (withoutText[at + 2] as number)) > PIXEL_DIFFERENCE
        ) {
          if (++differing >= SEEN_PIXELS) break;
        }
      }
    }
    if (differing < SEEN_PIXELS) unseen.push(word.text);
  }
  page.cleanup();
  return unseen;
}

/** How much of the smaller of two boxes the two share (0 to 1). */
function overlap(a: Word['box'], b: Word['box']): number {
  const width = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const height = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (width <= 0 || height <= 0) return 0;
  const smaller = Math.min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]));
  return smaller > 0 ? (width * height) / smaller : 0;
}

interface Viewport {
  convertToViewportPoint(x: number, y: number): number[];
}

/** Each item's words, with the box each takes (its share of the item's width, by characters). */
function wordsOf(content: { items: ReadonlyArray<object> }, viewport: Viewport): Word[] {
  const words: Word[] = [];
  for (const [itemIndex, item] of content.items.entries()) {
    if (!('str' in item) || typeof item.str !== 'string' || item.str.trim() === '') continue;
    const { str, transform, width, height } = item as unknown as { str: string; transform: number[]; width: number; height: number };
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = transform;
    // The text's direction, and its height across it (the font size as drawn).
    const length = Math.hypot(a, b) || 1;
    const [ux, uy] = [a / length, b / length];
    const size = Math.hypot(c, d) || height || 1;
    const [vx, vy] = [-uy, ux];
    for (const match of str.matchAll(/\S+/g)) {
      // Punctuation alone says nothing, and its mark may sit anywhere in its box.
      if (!/[\p{L}\p{N}]/u.test(match[0])) continue;
      // Its share of the item by characters, less a quarter of a character each side (of a
      // word of three or more): its neighbours' ink must not count as its own where the
      // letters are wider or narrower than most.
      const character = width / str.length;
      const inset = match[0].length > 2 ? character / 4 : 0;
      const from = match.index * character + inset;
      const to = (match.index + match[0].length) * character - inset;
      const corners = [
        [from, -0.15 * size],
        [to, -0.15 * size],
        [from, 0.8 * size],
        [to, 0.8 * size],
      ].map(([along = 0, across = 0]) => viewport.convertToViewportPoint(e + ux * along + vx * across, f + uy * along + vy * across));
      const xs = corners.map((point) => point[0] ?? 0);
      const ys = corners.map((point) => point[1] ?? 0);
      words.push({ text: match[0], box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], item: itemIndex, size });
    }
  }
  return words;
}

/** Takes the text-showing operators out of each page's content and the forms it draws (each form once). */
function stripText(doc: PDFDocument): void {
  const { context } = doc;
  const done = new Set<PDFRef>();
  const stripForms = (resources: PDFDict | undefined) => {
    const xobjects = context.lookupMaybe(resources?.get(PDFName.of('XObject')), PDFDict);
    for (const value of xobjects?.values() ?? []) {
      if (!(value instanceof PDFRef) || done.has(value)) continue;
      done.add(value);
      const form = context.lookup(value);
      if (!(form instanceof PDFStream) || form.dict.get(PDFName.of('Subtype')) !== PDFName.of('Form')) continue;
      const replaced = strippedStream(context, form);
      if (replaced) context.assign(value, replaced);
      stripForms(context.lookupMaybe(form.dict.get(PDFName.of('Resources')), PDFDict));
    }
  };
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs: PDFObject[] = contents instanceof PDFRef && context.lookup(contents) instanceof PDFArray ? (context.lookup(contents) as PDFArray).asArray() : contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    for (const ref of refs) {
      const stream = context.lookup(ref);
      if (!(ref instanceof PDFRef) || !(stream instanceof PDFStream)) continue;
      const replaced = strippedStream(context, stream);
      if (replaced) context.assign(ref, replaced);
    }
    stripForms(context.lookupMaybe(page.node.get(PDFName.of('Resources')), PDFDict));
  }
}

/** The stream, without its text, as a new uncompressed stream with the same dictionary; undefined if it has no text. */
function strippedStream(context: PDFContext, stream: PDFStream): PDFStream | undefined {
  const bytes = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents();
  const stripped = withoutTextShowing(bytes);
  if (!stripped) return undefined;
  const dict = stream.dict.clone(context);
  dict.delete(PDFName.of('Filter'));
  dict.delete(PDFName.of('DecodeParms'));
  dict.set(PDFName.of('Length'), PDFNumber.of(stripped.length));
  return PDFRawStream.of(dict, stripped);
}
