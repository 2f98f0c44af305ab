import { PDFDict, PDFName, type PDFDocument } from '@cantoo/pdf-lib';

/**
 * Structure types Chromium writes that PDF 2.0 added and PDF 1.7 (which PDF/UA-1 builds on)
 * does not have, with the PDF 1.7 type each stands for: <strong> and <em> are tagged /Strong
 * and /Em, which a PDF/UA-1 checker reports as unknown unless the role map says what they are.
 */
const PDF_2_TYPES: Record<string, string> = {
  Strong: 'Span',
  Em: 'Span',
  Sub: 'Span',
  Title: 'P',
  Aside: 'Sect',
  FENote: 'Note',
  DocumentFragment: 'Part',
};

/** Maps the PDF 2.0 structure types in the document's role map (those already mapped are left). */
export function mapNewStructureTypes(doc: PDFDocument): void {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  let roleMap = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
  if (!roleMap) {
    roleMap = doc.context.obj({});
    root.set(PDFName.of('RoleMap'), roleMap);
  }
  for (const [type, standard] of Object.entries(PDF_2_TYPES)) {
    if (!roleMap.has(PDFName.of(type))) roleMap.set(PDFName.of(type), PDFName.of(standard));
  }
}
