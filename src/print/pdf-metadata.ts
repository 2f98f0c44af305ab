import { PDFDocument } from '@cantoo/pdf-lib';

export interface PdfMetadata {
  title: string;
  author?: string;
  subject: string;
  language: string;
  keywords?: string[];
}

/**
 * Chromium writes the title but not author or subject. Loading and saving the whole file
 * with pdf-lib keeps Chromium's tag tree and bookmarks (measured; merging would drop them).
 */
export async function setPdfMetadata(pdf: Uint8Array, metadata: PdfMetadata): Promise<{ bytes: Uint8Array; pages: number }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  if (metadata.author) doc.setAuthor(metadata.author);
  doc.setSubject(metadata.subject);
  doc.setLanguage(metadata.language);
  if (metadata.keywords) doc.setKeywords(metadata.keywords);
  doc.setCreator('committee-papers');
  return { bytes: await doc.save({ useObjectStreams: false }), pages: doc.getPageCount() };
}
