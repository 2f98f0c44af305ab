import { PDFArray, PDFDocument, PDFName, type PDFRef } from '@cantoo/pdf-lib';

/** Where a PDF's pages go in the pack, and where its stamps are on the stamp sheet. */
export interface StampedPlacement {
  /** 0-based index of the PDF's first page in the finished pack. */
  firstPageIndex: number;
  pageCount: number;
  /** 0-based index of the stamp for its second page on the stamp sheet (-1: a one-page PDF). */
  firstStamp: number;
}

/**
 * Puts the reserved pages of each PDF's pages after its first into the printed pack, after the
 * first's (which the pack printed, captioned and tagged): taken from the stamp sheet, printed
 * once for both packs, with everything on them marked as an artifact (page number, item, exempt
 * mark, caption: running marks that repeat the first page's heading). Returns the pages put in.
 */
export async function insertStamps(doc: PDFDocument, sheet: Uint8Array, placements: readonly StampedPlacement[]): Promise<number> {
  const stamped = placements.filter((placement) => placement.pageCount > 1 && placement.firstStamp >= 0).sort((a, b) => a.firstPageIndex - b.firstPageIndex);
  if (stamped.length === 0) return 0;
  const stamps = await PDFDocument.load(sheet, { updateMetadata: false, parseSpeed: Infinity });
  const wanted = stamped.flatMap((placement) => Array.from({ length: placement.pageCount - 1 }, (_, index) => placement.firstStamp + index));
  if (wanted.some((index) => index >= stamps.getPageCount())) throw new Error(`the stamp sheet has ${stamps.getPageCount()} pages; more were asked for`);
  const copied = await doc.copyPages(stamps, wanted);
  // One opening and one closing stream, shared by every stamp page.
  const open = doc.context.register(doc.context.stream('/Artifact BMC\n'));
  const close = doc.context.register(doc.context.stream('\nEMC\n'));
  let next = 0;
  // In page order, so each PDF's first page is where the finished pack has it once the earlier stamps are in.
  for (const placement of stamped) {
    for (let page = 1; page < placement.pageCount; page++) {
      const stamp = copied[next++];
      if (!stamp) throw new Error('a stamp page is missing');
      const contents = stamp.node.Contents();
      const own: PDFRef[] = contents instanceof PDFArray ? (contents.asArray() as PDFRef[]) : [stamp.node.get(PDFName.of('Contents')) as PDFRef];
      stamp.node.set(PDFName.of('Contents'), doc.context.obj([open, ...own, close]));
      doc.insertPage(placement.firstPageIndex + page, stamp);
    }
  }
  return next;
}
