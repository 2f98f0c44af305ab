import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, PDFName, PDFRawStream, decodePDFRawStream, type PDFDocument } from '@cantoo/pdf-lib';
import { markUntaggedAsArtifacts } from './content-tokens.js';

/**
 * Marks what Chromium paints outside the tagged content of each page (the running header and
 * footer of the page's margin boxes: "Page 3 of 12", "Agenda Item 5", the DRAFT and NOT FOR
 * PUBLICATION marks) as /Artifact. Only the pages as printed: a PDF paper drawn in later keeps
 * its own content as it came. Returns how many pages changed.
 */
export function markPageArtifacts(doc: PDFDocument): number {
  let changed = 0;
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const refs = contents instanceof PDFArray ? contents.asArray() : [page.node.get(PDFName.of('Contents'))];
    const streams = refs.map((ref) => doc.context.lookup(ref));
    if (streams.length === 0 || !streams.every((stream) => stream instanceof PDFRawStream)) continue;
    const decoded = (streams as PDFRawStream[]).map(decode);
    const joined = decoded.length === 1 ? (decoded[0] as Uint8Array) : Buffer.concat(decoded.flatMap((part) => [part, Buffer.from('\n')]));
    const marked = markUntaggedAsArtifacts(joined);
    if (!marked) continue;
    // The fastest level: a third of the default's time, for a pack 6% larger (measured).
    const replacement = PDFRawStream.of(doc.context.obj({ Filter: 'FlateDecode' }), new Uint8Array(deflateSync(marked, { level: 1 })));
    page.node.set(PDFName.of('Contents'), doc.context.register(replacement));
    changed += 1;
  }
  return changed;
}

/** A content stream's bytes: Flate through Node's own zlib (fast), anything else through pdf-lib. */
function decode(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) return inflateSync(stream.contents);
  if (filter === undefined) return stream.contents;
  return decodePDFRawStream(stream).decode();
}
