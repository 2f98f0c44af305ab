import { PDFDict, PDFName, type PDFDocument, type PDFPage } from '@cantoo/pdf-lib';
import { findUnseenWords } from './unseen-words.js';

/**
 * Ways a PDF can look redacted while the words are still in the file: a redaction marked but
 * never applied, or words a reader cannot see though they are there to copy, search or read
 * aloud (covered by a box, a shape or highlight annotation, a form field or an image, drawn
 * invisibly, clipped away, white on white): found by drawing each page with and without its
 * text (src/load/unseen-words.ts). Only applying the redaction removes the words. Looks at one
 * PDF's `pages`, which start at page `firstPage` of `doc` (several PDFs may share one); returns
 * one sentence per finding, pages numbered from that PDF's first. `sha256` (of the PDF as read)
 * keeps the drawn check's result, so a PDF is drawn once.
 */
export async function findHiddenText(doc: PDFDocument, pages: readonly PDFPage[] = doc.getPages(), firstPage = 0, sha256?: string): Promise<string[]> {
  const findings: string[] = [];
  pages.forEach((page, pageIndex) => {
    for (const entry of page.node.Annots()?.asArray() ?? []) {
      const annot = doc.context.lookupMaybe(entry, PDFDict);
      if (annot?.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText() === 'Redact') {
        findings.push(`page ${pageIndex + 1} has a redaction that was marked but never applied, so the text under it is still in the file`);
      }
    }
  });
  findings.push(
    ...(await findUnseenWords(
      doc,
      pages.map((_, index) => firstPage + index),
      sha256,
    )),
  );
  return findings;
}
