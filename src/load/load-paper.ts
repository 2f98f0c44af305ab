import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, type PDFPage } from '@cantoo/pdf-lib';
import { runQpdf, runQpdfOnFiles } from './qpdf.js';
import { UnreadableStructure, readNamedDestinations, readPdfStructure, type PdfDestination, type PdfOutlineItem, type PdfStructure } from './pdf-structure.js';
import { findHiddenText } from './hidden-text.js';
import { layersHiddenByDefault, usesLayers } from './hidden-layers.js';
import { MAX_INPUT_BYTES } from './source.js';
import { readConfined } from './read-confined.js';
import { isLandscape } from './pdf-page-box.js';
import type { Paper } from './paper.js';

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
  | {
      ok: true;
      /** The PDF's pages as qpdf copied them: this PDF's alone, or several PDFs' copied in one run. */
      bytes: Uint8Array;
      /** 0-based index of this PDF's first page in `bytes`. */
      firstPage: number;
      pageCount: number;
      landscape: boolean[];
      outline: PdfOutlineItem[];
      namedDestinations: Record<string, PdfDestination>;
      hiddenText: string[];
      /** SHA-256 of the file as read, for the publication record (src/pipelines/pack-fingerprint.ts), so it is not read again. */
      sha256: string;
    }
  | { ok: false; message: string };

/** The paper a PDF makes once read: its pages and what was found in them, as a pack or a report's build takes it. */
export function pdfPaper(file: string, read: Extract<PdfPaperRead, { ok: true }>): Extract<Paper, { kind: 'pdf' }> {
  const { ok: _ok, ...found } = read;
  return { kind: 'pdf', file, ...found };
}

const DAMAGED = 'the PDF is damaged or truncated and cannot be read; open it and save it again, or ask for a new copy';

/** Most bytes of PDFs copied by one qpdf run; more are copied in several runs. */
const MAX_BYTES_A_RUN = 64 * 1024 * 1024;

/**
 * Reads a PDF paper from inside the data folder `root` and checks it can go into a pack: a PDF,
 * not encrypted, not damaged beyond repair. qpdf copies its pages into a plain file (the tag
 * tree, scripts, attachments and metadata are left behind, which makes it several times quicker
 * to assemble) and reads its bookmarks, and the named destinations its links use. Where the file
 * looks redacted but the words are still in it, `hiddenText` says where: such a file cannot go
 * into a public pack.
 */
export async function readPdfPaper(file: string, root: string | undefined, timeoutMs = 60_000): Promise<PdfPaperRead> {
  const [read] = await readPdfPapers([file], root, timeoutMs);
  return read ?? { ok: false, message: DAMAGED };
}

/**
 * Reads several PDF papers (as readPdfPaper), copied by a few qpdf runs, one for each core: a
 * run costs about as much to start as to copy a 20-page PDF, and a real meeting has 40 PDFs.
 * A file qpdf has anything to say about is read again on its own, so the message is that file's.
 */
export async function readPdfPapers(files: readonly string[], root: string | undefined, timeoutMs = 60_000, onShape?: (file: string, shape: PdfShape | undefined) => void): Promise<PdfPaperRead[]> {
  const results = new Map<string, PdfPaperRead>();
  await mapAtMost(availableParallelism(), runsOf(files), async (run) => {
    const opened = await Promise.all(run.map((file) => openPdf(file, root)));
    const readable = opened.filter((pdf): pdf is OpenedPdf => pdf.ok);
    // qpdf copies while the files' structure is read here; should the run fail or time out, each
    // file is read alone, with its own message.
    const copying = readable.length > 1 ? copyTogether(readable, timeoutMs).catch(() => undefined) : undefined;
    const checked = await Promise.all(opened.map(async (pdf): Promise<CheckedPdf | { ok: false; message: string }> => (pdf.ok ? withStructure(pdf, timeoutMs) : pdf)));
    if (onShape)
      run.forEach((file, index) => {
        onShape(file, shapeOf(checked[index]));
      });
    const copied = await copying;
    const together = copied
      ? await splitCopy(
          checked.filter((check): check is CheckedPdf => check.ok),
          copied,
          timeoutMs,
        )
      : undefined;
    const reads = await mapAtMost(COPIES_AT_ONCE, checked, (check) => (check.ok ? (together?.get(check.original) ?? copyAlone(check, timeoutMs)) : check));
    run.forEach((file, index) => {
      results.set(file, reads[index] as PdfPaperRead);
    });
  });
  return files.map((file) => results.get(file) ?? { ok: false, message: DAMAGED });
}

/**
 * What a pack's first print needs of a PDF, known from the file as read, before qpdf has copied
 * it: a guess, which the pack checks against the copy (its print is used only if it was made
 * from the same HTML).
 */
export interface PdfShape {
  pageCount: number;
  firstPageLandscape: boolean;
}

function shapeOf(check: CheckedPdf | { ok: false } | undefined): PdfShape | undefined {
  if (!check?.ok || check.structure.pageObjects.length === 0 || check.structure.firstPageLandscape === undefined) return undefined;
  return { pageCount: check.structure.pageObjects.length, firstPageLandscape: check.structure.firstPageLandscape };
}

/** The PDF with its bookmarks and pages read; one qpdf cannot describe is refused, saying why. */
async function withStructure(pdf: OpenedPdf, timeoutMs: number): Promise<CheckedPdf | { ok: false; message: string }> {
  try {
    return { ...pdf, structure: await readPdfStructure(pdf.original, pdf.latin1, timeoutMs) };
  } catch (error) {
    if (!(error instanceof UnreadableStructure)) throw error;
    return { ok: false, message: error.message };
  }
}

/** qpdf runs at once when files are copied one by one. */
const COPIES_AT_ONCE = 4;

async function mapAtMost<T, R>(limit: number, items: readonly T[], work: (item: T) => R | Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) out[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/**
 * The files in qpdf runs: as many runs of about equal size as there are cores (none under 4
 * files), none over MAX_BYTES_A_RUN, by their sizes on disk (each read is capped anyway).
 */
function runsOf(files: readonly string[]): string[][] {
  const sized = files.map((file) => ({ file, size: statSync(file, { throwIfNoEntry: false })?.size ?? 0 }));
  const total = sized.reduce((sum, entry) => sum + entry.size, 0);
  const lanes = Math.max(1, Math.min(availableParallelism(), Math.floor(files.length / 4)));
  const share = Math.min(MAX_BYTES_A_RUN, Math.ceil(total / lanes));
  const runs: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const { file, size } of sized) {
    if (current.length > 0 && bytes + size > share) {
      runs.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** A PDF read, and checked as far as can be before qpdf copies it. */
interface OpenedPdf {
  ok: true;
  original: Uint8Array;
  latin1: string;
}

/** With its bookmarks, pages and named destinations read. */
interface CheckedPdf extends OpenedPdf {
  structure: PdfStructure;
}

async function openPdf(file: string, root: string | undefined): Promise<OpenedPdf | { ok: false; message: string }> {
  const read = await readConfined(file, { root, maxBytes: MAX_PDF_BYTES });
  if (!read.ok) return read;
  const original = new Uint8Array(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
  const latin1 = read.bytes.toString('latin1');
  if (latin1.slice(0, 1024).indexOf('%PDF-') < 0) return { ok: false, message: 'expected a PDF file; this one has no PDF header' };
  // The /Encrypt entry lives in the trailer or the cross-reference stream's dictionary, which
  // are never compressed.
  if (isEncrypted(latin1)) return { ok: false, message: 'the PDF is encrypted; save an unprotected copy to include it in a pack' };
  return { ok: true, original, latin1 };
}

/** An /Encrypt entry (a reference or a dictionary), found by indexOf rather than a regular expression over the whole file. */
function isEncrypted(latin1: string): boolean {
  for (let at = latin1.indexOf('/Encrypt'); at >= 0; at = latin1.indexOf('/Encrypt', at + 8)) {
    if (/^\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(latin1.slice(at, at + 40))) return true;
  }
  return false;
}

const COPY_ARGS = ['-'];

/** Copies the PDFs' pages in one qpdf run; undefined unless qpdf copied every one without a word. */
async function copyTogether(pdfs: readonly OpenedPdf[], timeoutMs: number): Promise<{ doc: PDFDocument; bytes: Uint8Array } | undefined> {
  const copy = await runQpdfOnFiles(
    pdfs.map((pdf) => pdf.original),
    (inputs) => ['--empty', '--pages', ...inputs, '--', ...COPY_ARGS],
    timeoutMs,
  );
  if (copy.status !== 0) return undefined;
  const doc = await parseCopy(copy.stdout);
  return doc ? { doc, bytes: new Uint8Array(copy.stdout.buffer, copy.stdout.byteOffset, copy.stdout.byteLength) } : undefined;
}

/** Each PDF's pages in the copy of them all, by the page count read from each; undefined if they do not add up. */
async function splitCopy(checked: readonly CheckedPdf[], copy: { doc: PDFDocument; bytes: Uint8Array }, timeoutMs: number): Promise<Map<Uint8Array, PdfPaperRead> | undefined> {
  const counts = checked.map((check) => check.structure.pageObjects.length);
  if (counts.some((count) => count === 0) || copy.doc.getPageCount() !== counts.reduce((total, count) => total + count, 0)) return undefined;
  const pages = copy.doc.getPages();
  const out = new Map<Uint8Array, PdfPaperRead>();
  let firstPage = 0;
  for (const [index, check] of checked.entries()) {
    const count = counts[index] ?? 0;
    out.set(check.original, await describeCopy(check, copy.doc, copy.bytes, pages.slice(firstPage, firstPage + count), firstPage, timeoutMs));
    firstPage += count;
  }
  return out;
}

/** Copies one PDF's pages; qpdf's exit status says whether it is damaged. */
async function copyAlone(check: CheckedPdf, timeoutMs: number): Promise<PdfPaperRead> {
  const copy = await runQpdf(check.original, (input) => ['--empty', '--pages', input, '--', ...COPY_ARGS], timeoutMs);
  // 2: qpdf could not read it; 3: it repaired the file, which is fine unless the file was cut short.
  if (copy.status === 2 || (copy.status === 3 && !/%%EOF\s*$/.test(check.latin1.slice(-1024)))) return { ok: false, message: DAMAGED };
  if (copy.status !== 0 && copy.status !== 3) return { ok: false, message: DAMAGED };
  const doc = await parseCopy(copy.stdout);
  if (!doc) return { ok: false, message: DAMAGED };
  const bytes = new Uint8Array(copy.stdout.buffer, copy.stdout.byteOffset, copy.stdout.byteLength);
  return describeCopy(check, doc, bytes, doc.getPages(), 0, timeoutMs);
}

async function parseCopy(bytes: Uint8Array): Promise<PDFDocument | undefined> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, parseSpeed: Infinity });
  } catch {
    return undefined;
  }
}

/** What a pack needs to know of one PDF, whose copied pages are `pages` of `doc`, from `firstPage`. */
async function describeCopy(check: CheckedPdf, doc: PDFDocument, bytes: Uint8Array, pages: readonly PDFPage[], firstPage: number, timeoutMs: number): Promise<PdfPaperRead> {
  if (pages.length === 0) return { ok: false, message: 'the PDF has no pages' };
  const { original, latin1, structure } = check;
  if (usesLayers(doc, pages) && (await layersHiddenByDefault(original, latin1, timeoutMs))) {
    return { ok: false, message: 'the PDF has layers that are hidden when it opens, and a pack would print them; save a copy as it is shown (print it to a PDF) and use that' };
  }
  const sha256 = createHash('sha256').update(original).digest('hex');
  const namedDestinations = structure.namedDestinations ?? (linksUseNames(doc, pages) ? await readNamedDestinations(original, latin1, structure.pageObjects, timeoutMs) : {});
  return {
    ok: true,
    bytes,
    firstPage,
    pageCount: pages.length,
    landscape: pages.map(isLandscape),
    outline: structure.outline,
    namedDestinations,
    hiddenText: await findHiddenText(doc, pages, firstPage, sha256),
    sha256,
  };
}

/** Whether any link goes to a named destination (which lives in the catalog, not in the copy). */
function linksUseNames(doc: PDFDocument, pages: readonly PDFPage[]): boolean {
  return pages.some((page) =>
    (page.node.Annots()?.asArray() ?? []).some((entry) => {
      const annot = doc.context.lookupMaybe(entry, PDFDict);
      if (annot?.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText() !== 'Link') return false;
      const dest = annot.get(PDFName.of('Dest')) ?? annot.lookupMaybe(PDFName.of('A'), PDFDict)?.get(PDFName.of('D'));
      const value = doc.context.lookup(dest);
      return value instanceof PDFName || value instanceof PDFString || value instanceof PDFHexString;
    }),
  );
}
