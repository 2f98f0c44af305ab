import { anchorsInOutline, readOutline, renameBookmark, repairBookmarkTitles } from '../../print/outline.js';
import { PlacementSources, placePdf, type PdfPlacement, type PlacementOutcome } from './place-pdf.js';
import { labelOf, setPageLabels, type PageLabelRange } from './page-labels.js';
import { describeLinks, type LinkWording } from '../../print/link-descriptions.js';
import { markPageArtifacts } from '../../print/pdf-artifacts.js';
import { setXmpMetadata } from '../../print/xmp.js';
import { mapNewStructureTypes } from '../../print/role-map.js';
import { insertStamps, type StampedPlacement } from './stamps.js';
import { tagCarriedLinks } from './tag-links.js';
import { openPrintedPdf } from '../../print/lazy-pdf.js';
import type { Problem } from '../../errors.js';

/** Everything needed to turn a printed pack into the finished file; plain data, so it can go to a worker. */
export interface FinishJob {
  printed: Uint8Array;
  /** The HTML it was printed from: its headings give the bookmarks' exact titles and anchors. */
  html: string;
  /** New titles for the bookmarks of these anchors. */
  bookmarkTitles: Array<{ anchor: string; title: string }>;
  /** PDF papers to draw onto their reserved pages, with the anchor of their caption heading. */
  pdfs: Array<{ anchor: string } & PdfPlacement & StampedPlacement>;
  /** The reserved pages of the PDFs' pages after their first (see insertStamps); none when no PDF has more than a page. */
  stampSheet: Uint8Array | undefined;
  pageLabels: PageLabelRange[];
  metadata: { title: string; subject: string; author: string; language: string; keywords: string[] };
  /** How links are described to assistive technology. */
  links: LinkWording;
}

export interface FinishedPack {
  bytes: Uint8Array;
  pages: number;
  /** What became of each PDF's links, annotations and bookmarks, in the order of `pdfs`. */
  placements: PlacementOutcome[];
  /** What the clerk should know of a PDF paper as placed (a filled-in value that could not be drawn), by its file. */
  warnings: Problem[];
}

/**
 * Finishes a printed pack: artifacts, bookmark titles, PDF papers on their pages, page labels,
 * link descriptions and metadata. The file is written whole (its objects read only when looked
 * up, the others copied as they are: see openPrintedPdf): as an incremental
 * update, pdf-lib scans every object for each one changed, which grows with the square of the
 * pages (measured: 460 s for a real 500-page meeting; 26 s for 40 reports once every page's
 * content was marked).
 */
export async function finishPack(job: FinishJob): Promise<FinishedPack> {
  const doc = await openPrintedPdf(job.printed);
  const outline = readOutline(doc);
  repairBookmarkTitles(job.html, outline);
  const anchors = anchorsInOutline(job.html, outline);
  for (const { anchor, title } of job.bookmarkTitles) {
    const entry = anchors.get(anchor);
    if (entry) renameBookmark(entry, title);
  }
  // Before any PDF is drawn in: only what Chromium printed is marked (the stamps are marked whole).
  markPageArtifacts(doc);
  if (job.stampSheet) await insertStamps(doc, job.stampSheet, job.pdfs);
  const placements: PlacementOutcome[] = [];
  const warnings: Problem[] = [];
  const pages = doc.getPages();
  const sources = new PlacementSources();
  for (const pdf of job.pdfs) {
    const entry = anchors.get(pdf.anchor);
    placements.push(placePdf(doc, await sources.open(pdf.bytes), pdf, entry?.ref ? { ref: entry.ref, dict: entry.dict } : undefined, pages));
    for (const message of await sources.unfilledOn(pdf.bytes, pdf.firstSourcePage, pdf.pageCount)) warnings.push({ file: pdf.file ?? `the PDF paper at ${pdf.anchor}`, message });
  }
  tagCarriedLinks(doc, pages, job.pdfs);
  setPageLabels(doc, job.pageLabels);
  describeLinks(doc, job.links, (index) => labelOf(job.pageLabels, index));
  const { metadata } = job;
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  doc.setSubject(metadata.subject);
  doc.setAuthor(metadata.author);
  doc.setLanguage(metadata.language);
  doc.setKeywords(metadata.keywords);
  // A PDF paper's pages are drawn in without their tags: only a pack without one can claim PDF/UA.
  mapNewStructureTypes(doc);
  setXmpMetadata(doc, { ...metadata, pdfUa: job.pdfs.length === 0 });
  doc.setCreator('committee-papers');
  const bytes = await doc.save({ useObjectStreams: false, objectsPerTick: Infinity, updateFieldAppearances: false });
  return { bytes, pages: doc.getPageCount(), placements, warnings };
}
