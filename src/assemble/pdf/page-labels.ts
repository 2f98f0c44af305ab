import { PDFHexString, PDFName, PDFNumber, type PDFDocument } from '@cantoo/pdf-lib';

/** From a page on (0-based index): numbers starting at `first` (after a prefix such as "S"), or a fixed label such as "23–27". */
export type PageLabelRange = { pageIndex: number; first: number; prefix?: string | undefined } | { pageIndex: number; label: string };

/**
 * Writes /PageLabels, so a viewer's page box shows the number printed on the page: in the public
 * pack, the page after a notice standing for pages 23–27 is 28, and the notice itself "23–27".
 */
export function setPageLabels(doc: PDFDocument, ranges: readonly PageLabelRange[]): void {
  const nums = ranges.flatMap((range) => {
    const style = 'first' in range ? doc.context.obj({ S: 'D', St: range.first, ...(range.prefix ? { P: PDFHexString.fromText(range.prefix) } : {}) }) : doc.context.obj({ P: PDFHexString.fromText(range.label) });
    return [PDFNumber.of(range.pageIndex), style];
  });
  doc.catalog.set(PDFName.of('PageLabels'), doc.context.register(doc.context.obj({ Nums: nums })));
}

/** The label a page shows, from the ranges: the range's fixed label, or its number counted on. */
export function labelOf(ranges: readonly PageLabelRange[], pageIndex: number): string {
  const range = [...ranges].reverse().find((candidate) => candidate.pageIndex <= pageIndex);
  if (!range) return String(pageIndex + 1);
  return 'first' in range ? `${range.prefix ?? ''}${range.first + pageIndex - range.pageIndex}` : range.label;
}
