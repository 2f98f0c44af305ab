import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFDocument, type PDFObject, type PDFPage } from '@cantoo/pdf-lib';

/** Where a PDF paper's pages are in the pack. */
interface PlacedPages {
  firstPageIndex: number;
  pageCount: number;
}

/**
 * Puts the links carried over from PDF papers into the pack's tag tree (PDF/UA asks that every
 * link be a Link element holding its annotation): each PDF's links become Link elements placed
 * right after the heading of its first page, so a screen reader finds them with the paper they
 * belong to. Links the pack printed itself are tagged already (they have a /StructParent).
 * Returns how many were tagged; none when the tree is not the flat one Chromium writes.
 */
export function tagCarriedLinks(doc: PDFDocument, pages: readonly PDFPage[], placements: readonly PlacedPages[]): number {
  const { context } = doc;
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const nums = root?.lookupMaybe(PDFName.of('ParentTree'), PDFDict)?.lookupMaybe(PDFName.of('Nums'), PDFArray);
  if (!root || !nums) return 0;
  const keys: number[] = [];
  for (let index = 0; index < nums.size(); index += 2) keys.push(nums.lookupMaybe(index, PDFNumber)?.asNumber() ?? -1);
  let nextKey = Math.max(root.lookupMaybe(PDFName.of('ParentTreeNextKey'), PDFNumber)?.asNumber() ?? 0, ...keys.map((key) => key + 1));
  const entryOf = (key: number): PDFObject | undefined => {
    const at = keys.indexOf(key);
    return at < 0 ? undefined : nums.get(at * 2 + 1);
  };
  let tagged = 0;
  for (const placement of placements) {
    const first = pages[placement.firstPageIndex];
    const anchor = first ? headingOn(doc, first, entryOf) : undefined;
    if (!anchor) continue;
    const parentRef = anchor.dict.get(PDFName.of('P'));
    const parent = parentRef instanceof PDFRef ? context.lookup(parentRef) : undefined;
    if (!(parentRef instanceof PDFRef) || !(parent instanceof PDFDict)) continue;
    const kids = kidsArray(doc, parent);
    let at = kids.asArray().indexOf(anchor.ref) + 1;
    if (at === 0) continue;
    for (const page of pages.slice(placement.firstPageIndex, placement.firstPageIndex + placement.pageCount)) {
      for (const entry of page.node.Annots()?.asArray() ?? []) {
        const annotation = entry instanceof PDFRef ? context.lookup(entry) : undefined;
        if (!(entry instanceof PDFRef) || !(annotation instanceof PDFDict) || annotation.get(PDFName.of('Subtype')) !== PDFName.of('Link') || annotation.has(PDFName.of('StructParent'))) continue;
        const element = context.register(context.obj({ Type: 'StructElem', S: 'Link', P: parentRef, Pg: page.ref, K: [context.obj({ Type: 'OBJR', Obj: entry, Pg: page.ref })] }));
        kids.insert(at, element);
        at += 1;
        annotation.set(PDFName.of('StructParent'), PDFNumber.of(nextKey));
        nums.push(PDFNumber.of(nextKey));
        nums.push(element);
        keys.push(nextKey);
        nextKey += 1;
        tagged += 1;
      }
    }
  }
  root.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(nextKey));
  return tagged;
}

/** The heading element whose content is on the page (the caption of a PDF's first page). */
function headingOn(doc: PDFDocument, page: PDFPage, entryOf: (key: number) => PDFObject | undefined): { ref: PDFRef; dict: PDFDict } | undefined {
  const key = page.node.lookupMaybe(PDFName.of('StructParents'), PDFNumber)?.asNumber();
  const entry = key === undefined ? undefined : entryOf(key);
  const elements = entry === undefined ? undefined : doc.context.lookup(entry);
  if (!(elements instanceof PDFArray)) return undefined;
  for (const candidate of elements.asArray()) {
    // The element holding the marked content, or the heading it sits in.
    for (let ref: PDFObject | undefined = candidate, hops = 0; ref instanceof PDFRef && hops < 4; hops++) {
      const dict: PDFObject | undefined = doc.context.lookup(ref);
      if (!(dict instanceof PDFDict)) break;
      if (/^H[1-6]?$/.test(dict.lookupMaybe(PDFName.of('S'), PDFName)?.decodeText() ?? '')) return { ref, dict };
      ref = dict.get(PDFName.of('P'));
    }
  }
  return undefined;
}

/** An element's kids as an array it holds (a single kid is made into one). */
function kidsArray(doc: PDFDocument, element: PDFDict): PDFArray {
  const single = element.get(PDFName.of('K'));
  const kids = single === undefined ? undefined : doc.context.lookup(single);
  if (kids instanceof PDFArray) return kids;
  const array = doc.context.obj(single ? [single] : []);
  element.set(PDFName.of('K'), array);
  return array;
}
