import { readFile, stat } from 'node:fs/promises';
import { PDFDocument } from '@cantoo/pdf-lib';
import { MAX_INPUT_BYTES } from './source.js';
import { describeReadError } from './read-error.js';

export type PaperRead = { ok: true; text: string } | { ok: true; bytes: Uint8Array; pageCount: number } | { ok: false; message: string };

/** Largest PDF appendix accepted; larger files are usually scans that belong elsewhere. */
export const MAX_PDF_BYTES = 100 * 1024 * 1024;

export async function readMarkdownPaper(file: string): Promise<PaperRead> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { ok: false, message: 'expected a file' };
    if (info.size > MAX_INPUT_BYTES) return { ok: false, message: `file is ${info.size} bytes; expected at most ${MAX_INPUT_BYTES}` };
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
    return { ok: true, text };
  } catch (error) {
    return { ok: false, message: describeReadError(error) };
  }
}

/** Reads a PDF appendix and checks it can be drawn into a pack: not encrypted, not corrupt. */
export async function readPdfPaper(file: string): Promise<PaperRead> {
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { ok: false, message: 'expected a file' };
    if (info.size > MAX_PDF_BYTES) return { ok: false, message: `PDF is ${info.size} bytes; expected at most ${MAX_PDF_BYTES}` };
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    return { ok: false, message: describeReadError(error) };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (text.slice(0, 1024).indexOf('%PDF-') < 0) return { ok: false, message: 'expected a PDF file; this one has no PDF header' };
  // The /Encrypt entry lives in the trailer or the cross-reference stream's dictionary, which
  // are never compressed; pdf-lib would otherwise fail on the encrypted objects first.
  if (/\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(text)) return { ok: false, message: 'the PDF is encrypted; save an unprotected copy to include it in a pack' };
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    const pageCount = doc.getPageCount();
    if (pageCount === 0) return { ok: false, message: 'the PDF has no pages' };
    return { ok: true, bytes, pageCount };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/encrypt/i.test(message)) return { ok: false, message: 'the PDF is encrypted; save an unprotected copy to include it in a pack' };
    return { ok: false, message: 'the PDF is damaged or truncated and cannot be read; open it and save it again, or ask for a new copy' };
  }
}
