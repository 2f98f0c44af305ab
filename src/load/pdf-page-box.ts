import type { PDFPage } from '@cantoo/pdf-lib';

/** A rectangle in PDF points. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The page's size as a viewer shows it, with its /Rotate applied. */
export function displayedSize(box: Box, rotate: number): { width: number; height: number; turn: number } {
  const width = box.x1 - box.x0;
  const height = box.y1 - box.y0;
  const turn = (((Math.round(rotate / 90) * 90) % 360) + 360) % 360;
  return turn % 180 === 0 ? { width, height, turn } : { width: height, height: width, turn };
}

/** A box as pdf-lib's getMediaBox() gives it: corner and size, as written (not normalised). */
export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of a page a viewer shows: its crop box within its media box. */
export function visibleBox(page: PDFPage): Box {
  return visibleBoxOf(page.getMediaBox(), page.getCropBox());
}

/** The same, for boxes read elsewhere (a page's raw dictionary); without a crop box, the media box. */
export function visibleBoxOf(media: Rectangle, crop: Rectangle = media): Box {
  const x0 = Math.max(media.x, crop.x);
  const y0 = Math.max(media.y, crop.y);
  const x1 = Math.min(media.x + media.width, crop.x + crop.width);
  const y1 = Math.min(media.y + media.height, crop.y + crop.height);
  return x1 > x0 && y1 > y0 ? { x0, y0, x1, y1 } : { x0: media.x, y0: media.y, x1: media.x + media.width, y1: media.y + media.height };
}

/** Whether a page is shown landscape (wider than tall, its /Rotate applied). */
export function isLandscape(page: PDFPage): boolean {
  return isLandscapeBox(visibleBox(page), page.getRotation().angle);
}

export function isLandscapeBox(box: Box, rotate: number): boolean {
  const { width, height } = displayedSize(box, rotate);
  return width > height;
}
