import type { CouncilConfig } from '../schema/council.js';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFString, type PDFDocument } from '@cantoo/pdf-lib';

/** The wording of a link's description, from the council's labels ("Link to {target}", "Go to page {page}"). */
export interface LinkWording {
  web: string;
  page: string;
}

/** How the council's labels describe links (labels linkTo and linkToPage). */
export function linkWording(config: CouncilConfig): LinkWording {
  return { web: config.labels.linkTo ?? 'Link to {target}', page: config.labels.linkToPage ?? 'Go to page {page}' };
}

/**
 * Gives every link that has none a description (/Contents), as PDF/UA asks, so a screen reader
 * can say where it goes: its web or mail address, or the printed number of the page it opens.
 */
export function describeLinks(doc: PDFDocument, wording: LinkWording, pageLabel: (pageIndex: number) => string = (index) => String(index + 1)): number {
  const pages = doc.getPages();
  const indexOf = new Map(pages.map((page, index) => [page.ref, index]));
  let described = 0;
  for (const page of pages) {
    for (const entry of page.node.Annots()?.asArray() ?? []) {
      const annot = doc.context.lookupMaybe(entry, PDFDict);
      if (!annot || annot.get(PDFName.of('Subtype')) !== PDFName.of('Link') || annot.has(PDFName.of('Contents'))) continue;
      const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
      const uri = action ? doc.context.lookup(action.get(PDFName.of('URI'))) : undefined;
      const dest = annot.lookupMaybe(PDFName.of('Dest'), PDFArray) ?? action?.lookupMaybe(PDFName.of('D'), PDFArray);
      const target = dest?.get(0);
      const pageIndex = target instanceof PDFRef ? indexOf.get(target) : undefined;
      let text: string | undefined;
      if (uri instanceof PDFString || uri instanceof PDFHexString) text = wording.web.replace('{target}', uri.decodeText().replace(/^mailto:/i, ''));
      else if (pageIndex !== undefined) text = wording.page.replace('{page}', pageLabel(pageIndex));
      if (text === undefined) continue;
      annot.set(PDFName.of('Contents'), PDFHexString.fromText(text));
      described += 1;
    }
  }
  return described;
}
