import { readOutline, repairBookmarkTitles } from './outline.js';
import { describeLinks, type LinkWording } from './link-descriptions.js';
import { markPageArtifacts } from './pdf-artifacts.js';
import { setXmpMetadata } from './xmp.js';
import { openPrintedPdf } from './lazy-pdf.js';
import { mapNewStructureTypes } from './role-map.js';

export interface PdfMetadata {
  title: string;
  author?: string;
  subject: string;
  language: string;
  keywords?: string[];
  /** How links are described to assistive technology (from the council's labels). */
  links?: LinkWording;
  /** Claim PDF/UA-1 in the XMP metadata: only for a document whose every content item is tagged or an artifact once finished. */
  pdfUa?: boolean;
}

/**
 * Chromium writes the title but not author or subject, and mangles the bookmark titles of
 * headings that wrap (given the HTML, they are repaired); its running headers and footers are
 * marked as artifacts and its links described. Editing the one printed file keeps Chromium's
 * tag tree and bookmarks (merging would drop them); it is written whole, as an incremental
 * update grows with the square of the objects changed (every page's content is).
 */
export async function setPdfMetadata(pdf: Uint8Array, metadata: PdfMetadata, html?: string): Promise<{ bytes: Uint8Array; pages: number }> {
  const doc = await openPrintedPdf(pdf);
  if (html) repairBookmarkTitles(html, readOutline(doc));
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  if (metadata.author) doc.setAuthor(metadata.author);
  doc.setSubject(metadata.subject);
  doc.setLanguage(metadata.language);
  if (metadata.keywords) doc.setKeywords(metadata.keywords);
  doc.setCreator('committee-papers');
  if (metadata.links) describeLinks(doc, metadata.links);
  markPageArtifacts(doc);
  mapNewStructureTypes(doc);
  setXmpMetadata(doc, { ...metadata, pdfUa: metadata.pdfUa ?? false });
  return { bytes: await doc.save({ useObjectStreams: false, objectsPerTick: Infinity, updateFieldAppearances: false }), pages: doc.getPageCount() };
}
