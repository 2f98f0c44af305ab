import { PDFDocument } from '@cantoo/pdf-lib';

/**
 * Opens a printed PDF for small edits saved as an incremental update: only the changed objects
 * are appended, so a 200-page pack is finished in milliseconds instead of being rewritten.
 */
export function openForUpdate(pdf: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(pdf, { updateMetadata: false, forIncrementalUpdate: true });
}

/** Appends the changes; also corrects the trailer's /Size, which pdf-lib writes one too low. */
export async function commitUpdate(doc: PDFDocument): Promise<Uint8Array> {
  const bytes = await doc.commit({ useObjectStreams: false });
  const size = doc.context.largestObjectNumber + 1;
  const tailStart = Math.max(0, bytes.length - 1024);
  const tail = Buffer.from(bytes.subarray(tailStart)).toString('latin1');
  const trailer = tail.lastIndexOf('trailer');
  if (trailer < 0) return bytes;
  // The trailer follows the cross-reference table, so its length can change without moving anything.
  const fixed = tail.slice(0, trailer) + tail.slice(trailer).replace(/\/Size \d+/, `/Size ${size}`);
  return Buffer.concat([Buffer.from(bytes.subarray(0, tailStart)), Buffer.from(fixed, 'latin1')]);
}
