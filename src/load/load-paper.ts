import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from '@cantoo/pdf-lib';
import { runQpdf } from './qpdf.js';
import { readNamedDestinations, readPdfStructure, type PdfDestination, type PdfOutlineItem } from './pdf-structure.js';
import { findHiddenText } from './hidden-text.js';
import { layersHiddenByDefault, usesLayers } from './hidden-layers.js';
import { MAX_INPUT_BYTES } from './source.js';
import { readConfined } from './read-confined.js';
import { isLandscape } from './pdf-page-box.js';

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

export type PdfPaperRead =
  | { ok: true; bytes: Uint8Array; pageCount: number; landscape: boolean[]; outline: PdfOutlineItem[]; namedDestinations: Record<string, PdfDestination>; hiddenText: string[] }
  | { ok: false; message: string };

const DAMAGED = 'the PDF is damaged or truncated and cannot be read; open it and save it again, or ask for a new copy';

/**
 * Reads a PDF paper from inside the data folder `root` and checks it can go into a pack: a PDF,
 * not encrypted, not damaged beyond repair. qpdf copies its pages into a plain file (the tag
 * tree, scripts, attachments and metadata are left behind, which makes it several times quicker
 * to assemble) and reads its bookmarks, and the named destinations its links use. Where the file
 * looks redacted but the words are still in it, `hiddenText` says where: such a file cannot go
 * into a public pack.
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
  const [copy, structure] = await Promise.all([
    runQpdf(original, (input) => ['--empty', '--pages', input, '--', '--object-streams=generate', '-'], timeoutMs),
    readPdfStructure(original, text, timeoutMs),
  ]);
  // 2: qpdf could not read it; 3: it repaired the file, which is fine unless the file was cut short.
  if (copy.status === 2 || (copy.status === 3 && !/%%EOF\s*$/.test(text.slice(-1024)))) return { ok: false, message: DAMAGED };
  if (copy.status !== 0 && copy.status !== 3) return { ok: false, message: DAMAGED };
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(copy.stdout, { updateMetadata: false, throwOnInvalidObject: true, parseSpeed: Infinity });
  } catch {
    return { ok: false, message: DAMAGED };
  }
  const pages = doc.getPages();
  if (pages.length === 0) return { ok: false, message: 'the PDF has no pages' };
  const bytes = new Uint8Array(copy.stdout.buffer, copy.stdout.byteOffset, copy.stdout.byteLength);
  if (usesLayers(doc) && (await layersHiddenByDefault(original, text, timeoutMs))) {
    return { ok: false, message: 'the PDF has layers that are hidden when it opens, and a pack would print them; save a copy as it is shown (print it to a PDF) and use that' };
  }
  const namedDestinations = structure.namedDestinations ?? (linksUseNames(doc) ? await readNamedDestinations(original, text, structure.pageObjects, timeoutMs) : {});
  return { ok: true, bytes, pageCount: pages.length, landscape: pages.map(isLandscape), outline: structure.outline, namedDestinations, hiddenText: await findHiddenText(doc, bytes) };
}

/** Whether any link goes to a named destination (which lives in the catalog, not in the copy). */
function linksUseNames(doc: PDFDocument): boolean {
  return doc.getPages().some((page) =>
    (page.node.Annots()?.asArray() ?? []).some((entry) => {
      const annot = doc.context.lookupMaybe(entry, PDFDict);
      if (annot?.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText() !== 'Link') return false;
      const dest = annot.get(PDFName.of('Dest')) ?? annot.lookupMaybe(PDFName.of('A'), PDFDict)?.get(PDFName.of('D'));
      const value = doc.context.lookup(dest);
      return value instanceof PDFName || value instanceof PDFString || value instanceof PDFHexString;
    }),
  );
}
