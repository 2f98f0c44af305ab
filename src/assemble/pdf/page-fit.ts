import { displayedSize, type Box } from '../../load/pdf-page-box.js';

export type { Box };
/** A PDF transformation matrix [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Matrix = [number, number, number, number, number, number];

export interface PageFit {
  /** The new page's size in points, upright (the page is written with /Rotate 0). */
  width: number;
  height: number;
  /** Maps the source page's user space onto the new page. */
  matrix: Matrix;
  /** How much the source page was scaled (1 = actual size). */
  scale: number;
  landscape: boolean;
}

/**
 * Where an appendix page goes on the pack's page of `pageWidth` × `pageHeight` (A4 in the
 * page's own orientation as displayed), with a band kept free along the bottom edge for the
 * pack's marks. The page is turned as a viewer would show it, shrunk only as much as it must be
 * to fit above the band, never enlarged, and centred: a portrait A4 page is drawn at about 0.96,
 * a landscape one at 0.94, a 16:9 slide at 0.88 and an A3 page at about 0.67.
 */
export function fitPage(box: Box, rotate: number, pageWidth: number, pageHeight: number, bandHeight: number): PageFit {
  const width = box.x1 - box.x0;
  const height = box.y1 - box.y0;
  const { width: shownWidth, height: shownHeight, turn } = displayedSize(box, rotate);
  const landscape = shownWidth > shownHeight;
  const scale = Math.min(1, pageWidth / shownWidth, (pageHeight - bandHeight) / shownHeight);
  // Source user space → origin at the box's corner → turned as the viewer would show it.
  const toOrigin: Matrix = [1, 0, 0, 1, -box.x0, -box.y0];
  const turned = multiply(toOrigin, rotation(turn, width, height));
  const offsetX = (pageWidth - shownWidth * scale) / 2;
  const offsetY = bandHeight + (pageHeight - bandHeight - shownHeight * scale) / 2;
  const matrix = multiply(turned, [scale, 0, 0, scale, offsetX, offsetY]);
  return { width: pageWidth, height: pageHeight, matrix, scale, landscape };
}

/** The clockwise turn a viewer applies for /Rotate, as a matrix onto a box starting at the origin. */
function rotation(turn: number, width: number, height: number): Matrix {
  if (turn === 90) return [0, -1, 1, 0, 0, width];
  if (turn === 180) return [-1, 0, 0, -1, width, height];
  if (turn === 270) return [0, 1, -1, 0, height, 0];
  return [1, 0, 0, 1, 0, 0];
}

/** first, then second (PDF's row-vector convention: apply `first` to a point, then `second`). */
export function multiply(first: Matrix, second: Matrix): Matrix {
  const [a, b, c, d, e, f] = first;
  const [A, B, C, D, E, F] = second;
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}

export function apply(matrix: Matrix, x: number, y: number): [number, number] {
  const [a, b, c, d, e, f] = matrix;
  return [a * x + c * y + e, b * x + d * y + f];
}

/** A rectangle [x0 y0 x1 y1] mapped by a matrix, as the upright rectangle that holds it. */
export function transformRect(matrix: Matrix, rect: readonly number[]): [number, number, number, number] {
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = rect;
  const corners = [apply(matrix, x0, y0), apply(matrix, x1, y0), apply(matrix, x0, y1), apply(matrix, x1, y1)];
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** A number written briefly for a content stream. */
export function pdfNumber(value: number): string {
  const rounded = Math.round(value * 10000) / 10000;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}
