import type { Report } from '../schema/report.js';
import type { ImageMap } from './images.js';
import type { PdfDestination, PdfOutlineItem } from './pdf-structure.js';

/** A paper as loaded, checked and ready to fill pages: of a report built whole, or of a pack. */
export type Paper =
  | { kind: 'report'; file: string; report: Report; images: ImageMap }
  | { kind: 'markdown'; file: string; text: string; images: ImageMap }
  /**
   * A PDF's pages as qpdf copied them, with the orientation of each page as shown (a landscape
   * page gets a landscape page in the pack), its bookmarks and the named destinations of its
   * links, and where it hides text under boxes. `bytes` may hold other PDFs' pages too (a
   * meeting's PDFs are copied in one run): this PDF's start at page `firstPage` (0-based).
   */
  | { kind: 'pdf'; file: string; bytes: Uint8Array; firstPage: number; pageCount: number; landscape: boolean[]; outline: PdfOutlineItem[]; namedDestinations: Record<string, PdfDestination>; hiddenText: string[]; sha256: string };
