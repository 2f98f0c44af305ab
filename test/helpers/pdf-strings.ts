import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFStream, PDFString, type PDFObject } from '@cantoo/pdf-lib';

/**
 * Every string object of a PDF, decoded (bookmark titles, metadata, link targets, alternate
 * text, annotation contents …), wherever it is stored: what a leak search must read besides
 * the page text, which is stored as glyph codes and found only by decoding the pages.
 */
export async function decodedStrings(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const strings: string[] = [];
  const visit = (value: PDFObject, depth: number) => {
    if (depth > 64) return;
    if (value instanceof PDFString || value instanceof PDFHexString) strings.push(value.decodeText());
    else if (value instanceof PDFArray) for (const item of value.asArray()) visit(item, depth + 1);
    else if (value instanceof PDFStream) visit(value.dict, depth + 1);
    else if (value instanceof PDFDict) for (const [, item] of value.entries()) visit(item, depth + 1);
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) visit(object, 0);
  visit(doc.context.trailerInfo.Info ?? doc.catalog, 0);
  return strings;
}
