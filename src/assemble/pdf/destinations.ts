import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDocument, type PDFObject } from '@cantoo/pdf-lib';
import { apply, type Matrix } from './page-fit.js';

/** A destination as an explicit array [page /Fit…], resolving names (read when the PDF was loaded); undefined when it cannot be. */
export function explicitDestination(doc: PDFDocument, value: PDFObject | undefined, names: (name: string) => PDFArray | undefined): PDFArray | undefined {
  let resolved = value instanceof PDFRef ? doc.context.lookup(value) : value;
  if (resolved instanceof PDFDict) resolved = doc.context.lookup(resolved.get(PDFName.of('D')));
  if (resolved instanceof PDFName || resolved instanceof PDFString || resolved instanceof PDFHexString) return names(resolved.decodeText());
  return resolved instanceof PDFArray && resolved.size() >= 1 ? resolved : undefined;
}

/**
 * Moves a destination's coordinates with its page (which was scaled, and perhaps turned, onto
 * the pack's page). A turned page's destination becomes "the whole page", as its old left/top
 * no longer mean the same edges.
 */
export function moveDestination(dest: PDFArray, matrix: Matrix): void {
  const kind = dest.lookupMaybe(1, PDFName)?.decodeText();
  const number = (index: number) => {
    const value = dest.get(index);
    return value instanceof PDFNumber ? value.asNumber() : undefined;
  };
  const set = (index: number, value: number | undefined) => {
    if (value !== undefined && index < dest.size()) dest.set(index, PDFNumber.of(Math.round(value * 100) / 100));
  };
  const turned = matrix[1] !== 0 || matrix[2] !== 0;
  if (turned) {
    while (dest.size() > 1) dest.remove(dest.size() - 1);
    dest.push(PDFName.of('Fit'));
    return;
  }
  if (kind === 'XYZ') {
    const [x, y] = apply(matrix, number(2) ?? 0, number(3) ?? 0);
    if (number(2) !== undefined) set(2, x);
    if (number(3) !== undefined) set(3, y);
  } else if (kind === 'FitH' || kind === 'FitBH') {
    set(2, number(2) === undefined ? undefined : apply(matrix, 0, number(2) ?? 0)[1]);
  } else if (kind === 'FitV' || kind === 'FitBV') {
    set(2, number(2) === undefined ? undefined : apply(matrix, number(2) ?? 0, 0)[0]);
  } else if (kind === 'FitR') {
    const [x0, y0] = apply(matrix, number(2) ?? 0, number(3) ?? 0);
    const [x1, y1] = apply(matrix, number(4) ?? 0, number(5) ?? 0);
    set(2, x0);
    set(3, y0);
    set(4, x1);
    set(5, y1);
  }
}

/** The page a destination array points at, if it is one of ours. */
export function destinationPage(dest: PDFArray): PDFRef | undefined {
  const page = dest.get(0);
  return page instanceof PDFRef ? page : undefined;
}
