import { PDFDocument } from '@cantoo/pdf-lib';
import { MAX_INPUT_BYTES } from './source.js';
import { readConfined } from './read-confined.js';

export type PaperRead = { ok: true; text: string } | { ok: true; bytes: Uint8Array; pageCount: number } | { ok: false; message: string };

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

/** Reads a PDF paper from inside the data folder `root` and checks it can go into a pack: a PDF, not encrypted, not corrupt. */
export async function readPdfPaper(file: string, root: string | undefined): Promise<PaperRead> {
  const read = await readConfined(file, { root, maxBytes: MAX_PDF_BYTES });
  if (!read.ok) return read;
  const bytes = new Uint8Array(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
  const text = read.bytes.toString('latin1');
  if (text.slice(0, 1024).indexOf('%PDF-') < 0) return { ok: false, message: 'expected a PDF file; this one has no PDF header' };
  // The /Encrypt entry lives in the trailer or the cross-reference stream's dictionary, which
  // are never compressed; pdf-lib would otherwise fail on the encrypted objects first.
  if (/\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(text)) return { ok: false, message: 'the PDF is encrypted; save an unprotected copy to include it in a pack' };
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, parseSpeed: Infinity });
    const pageCount = doc.getPageCount();
    if (pageCount === 0) return { ok: false, message: 'the PDF has no pages' };
    return { ok: true, bytes, pageCount };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/encrypt/i.test(message)) return { ok: false, message: 'the PDF is encrypted; save an unprotected copy to include it in a pack' };
    return { ok: false, message: 'the PDF is damaged or truncated and cannot be read; open it and save it again, or ask for a new copy' };
  }
}
