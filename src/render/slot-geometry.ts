/**
 * Pages reserved in the printed pack for a PDF's pages. Each is A4 in the orientation of the
 * page it will hold, printed by Chromium with the pack's own running marks in a band along the
 * bottom edge (page number, agenda item, exempt mark in the margin boxes; a caption line above
 * them), and the PDF's page is drawn into the rest of the page afterwards. The pack's CSS for
 * these pages is generated from the same numbers, so the drawing never covers the band.
 */
export const SLOT = {
  /** The bottom margin, which holds the margin boxes. */
  marginBottomMm: 7,
  /** The caption line above it ("Appendix 2: Budget (page 3 of 12)"). */
  captionMm: 5,
} as const;

const POINTS_PER_MM = 72 / 25.4;

/**
 * Side margins of reserved pages: equal to every other page's (templates/styles/report.css),
 * as Chromium keeps one line width for the whole document. The PDF page is drawn across the
 * whole width whatever they are; they only place the caption.
 */
export const SLOT_SIDE_MARGIN_MM = 18;

/** Height of the band kept free for the pack's marks, in PDF points. */
export function slotBandPoints(): number {
  return (SLOT.marginBottomMm + SLOT.captionMm) * POINTS_PER_MM;
}

export type SlotOrientation = 'portrait' | 'landscape';

/** The CSS values of a slot page: its size, margins (side margins as every page: see report.css) and content height. */
export function slotPageCss(orientation: SlotOrientation, sideMarginMm: number): { size: string; margins: string; height: string; captionHeight: string } {
  const heightMm = orientation === 'portrait' ? 297 : 210;
  return {
    size: orientation === 'portrait' ? 'A4' : 'A4 landscape',
    margins: `0 ${sideMarginMm}mm ${SLOT.marginBottomMm}mm ${sideMarginMm}mm`,
    // A millimetre short of the content box, so the slot never spills onto a second page.
    height: `${heightMm - SLOT.marginBottomMm - 1}mm`,
    captionHeight: `${SLOT.captionMm}mm`,
  };
}

/** Whether a page of these displayed dimensions (points) goes on a landscape slot. */
export function orientationOf(width: number, height: number): SlotOrientation {
  return width > height ? 'landscape' : 'portrait';
}
