/**
 * Pages reserved in the printed pack for a PDF appendix: the appendix page is drawn into the
 * area below a caption line, inside the page margins. The CSS of these pages is generated
 * from the same numbers, so the drawing always lands in the space the layout left for it.
 *
 * The side margins must equal those of every other page (templates/styles/report.css):
 * Chromium keeps one line width and left edge for the whole document and does not honour
 * other side margins on a named page (measured), so the drawing would not line up.
 */
export const SLOT_PAGE = {
  widthMm: 210,
  heightMm: 297,
  marginTopMm: 20,
  marginBottomMm: 22,
  marginSideMm: 18,
  captionMm: 10,
} as const;

const POINTS_PER_MM = 72 / 25.4;

/** The drawing area in PDF points, origin at the bottom left. */
export function slotDrawingArea(): { x: number; y: number; width: number; height: number } {
  const { widthMm, heightMm, marginTopMm, marginBottomMm, marginSideMm, captionMm } = SLOT_PAGE;
  return {
    x: marginSideMm * POINTS_PER_MM,
    y: marginBottomMm * POINTS_PER_MM,
    width: (widthMm - 2 * marginSideMm) * POINTS_PER_MM,
    height: (heightMm - marginTopMm - marginBottomMm - captionMm) * POINTS_PER_MM,
  };
}

export function slotPageMargins(): string {
  const { marginTopMm, marginBottomMm, marginSideMm } = SLOT_PAGE;
  return `${marginTopMm}mm ${marginSideMm}mm ${marginBottomMm}mm ${marginSideMm}mm`;
}

/** Height of one slot's box: the page's content height less a millimetre, so it never spills. */
export function slotHeight(): string {
  const { heightMm, marginTopMm, marginBottomMm } = SLOT_PAGE;
  return `${heightMm - marginTopMm - marginBottomMm - 1}mm`;
}

export function slotCaptionHeight(): string {
  return `${SLOT_PAGE.captionMm}mm`;
}
