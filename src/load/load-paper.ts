import { PDFDocument } from '@cantoo/pdf-lib';
import { runQpdf } from './qpdf.js';
import { findHiddenText } from './hidden-text.js';
import { MAX_INPUT_BYTES } from './source.js';
import { readConfined } from './read-confined.js';
import { isLandscape } from '../assemble/pdf/page-fit.js';

export type PaperRead = { ok: true; text: string } | { ok: false; message: string };

/** Largest PDF appendix accepted; larger files are usually scans that belong elsewhere. */
export const MAX_PDF_BYTES = 100 * 1024 * 1024;

/** Reads a Markdown paper from inside the data folder `root`. */
export async function readMarkdownPaper(file: string, root: string | undefined): Promise<PaperRead> {
  const read = await readConfined(file, { root, maxBytes: MAX_INPUT_BYTES });
  if (!read.ok) return read;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(read.bytes) };
  } catch {
    return { ok: false, message: 'expected UTF-8 text; the file is not valid UTF-8' };
  }
}

/** A bookmark of a PDF paper, to be nested under the paper's own bookmark in a pack. */
export interface PdfOutlineItem {
  title: string;
  /** 0-based page it points at, or -1 when it points nowhere in the file. */
  pageIndex: number;
  /** The destination after the page: its kind (XYZ, Fit, FitH …) and numbers, as written. */
  view: Array<string | number | null>;
  kids: PdfOutlineItem[];
}

export type PdfPaperRead =
  | { ok: true; bytes: Uint8Array; pageCount: number; landscape: boolean[]; outline: PdfOutlineItem[]; hiddenText: string[] }
  | { ok: false; message: string };

const DAMAGED = 'the PDF is damaged or truncated and cannot be read; open it and save it again, or ask for a new copy';

/**
 * Reads a PDF paper from inside the data folder `root` and checks it can go into a pack: a PDF,
 * not encrypted, not damaged beyond repair. qpdf copies its pages into a plain file (document-
 * level content such as tags, scripts, attachments and metadata is left behind), which is what
 * the pack is assembled from; its bookmarks are read separately. Where the file looks redacted
 * but the words are still in it, `hiddenText` says where: such a file cannot go into a public pack.
 */
export async function readPdfPaper(file: string, root: string | undefined, timeoutMs = 60_000): Promise<PdfPaperRead> {
  const read = await readConfined(file, { root, maxBytes: MAX_PDF_BYTES });
  if (!read.ok) return read;
  const original = new Uint8Array(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
  const text = read.bytes.toString('latin1');
  if (text.slice(0, 1024).indexOf('%PDF-') < 0) return { ok: false, message: 'expected a PDF file; this one has no PDF header' };
  // The /Encrypt entry lives in the trailer or the cross-reference stream's dictionary, which
  // are never compressed.
  if (/\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(text)) return { ok: false, message: 'the PDF is encrypted; save an unprotected copy to include it in a pack' };
  const [pages, bookmarks] = await Promise.all([
    runQpdf(original, (input) => ['--empty', '--pages', input, '--', '--object-streams=generate', '-'], timeoutMs),
    runQpdf(original, (input) => ['--json', '--json-key=outlines', input], timeoutMs),
  ]);
  // 2: qpdf could not read it; 3: it repaired the file, which is fine unless the file was cut short.
  if (pages.status === 2 || (pages.status === 3 && !/%%EOF\s*$/.test(text.slice(-1024)))) return { ok: false, message: DAMAGED };
  if (pages.status !== 0 && pages.status !== 3) return { ok: false, message: DAMAGED };
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pages.stdout, { updateMetadata: false, throwOnInvalidObject: true, parseSpeed: Infinity });
  } catch {
    return { ok: false, message: DAMAGED };
  }
  const pageList = doc.getPages();
  if (pageList.length === 0) return { ok: false, message: 'the PDF has no pages' };
  const bytes = new Uint8Array(pages.stdout.buffer, pages.stdout.byteOffset, pages.stdout.byteLength);
  return {
    ok: true,
    bytes,
    pageCount: pageList.length,
    landscape: pageList.map(isLandscape),
    outline: bookmarks.status === 0 || bookmarks.status === 3 ? outlineFromJson(bookmarks.stdout.toString('utf8')) : [],
    hiddenText: await findHiddenText(doc, bytes),
  };
}

interface QpdfOutline {
  title?: string;
  dest?: unknown[] | null;
  destpageposfrom1?: number | null;
  kids?: QpdfOutline[];
}

/** The bookmarks qpdf reads (named destinations resolved), as plain data. */
function outlineFromJson(json: string): PdfOutlineItem[] {
  let parsed: { outlines?: QpdfOutline[] };
  try {
    parsed = JSON.parse(json) as { outlines?: QpdfOutline[] };
  } catch {
    return [];
  }
  const convert = (items: QpdfOutline[] | undefined, depth: number): PdfOutlineItem[] =>
    depth > 32
      ? []
      : (items ?? []).map((item) => ({
          title: String(item.title ?? ''),
          pageIndex: typeof item.destpageposfrom1 === 'number' ? item.destpageposfrom1 - 1 : -1,
          view: (item.dest ?? []).slice(1).map((value) => (typeof value === 'number' ? value : typeof value === 'string' ? value.replace(/^\//, '') : null)),
          kids: convert(item.kids, depth + 1),
        }));
  return convert(parsed.outlines, 0);
}
