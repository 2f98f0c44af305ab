import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

const PAINTING = new Set<number>([
  OPS.showText,
  OPS.showSpacedText,
  OPS.nextLineShowText,
  OPS.nextLineSetSpacingShowText,
  OPS.fill,
  OPS.eoFill,
  OPS.stroke,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintFormXObjectBegin,
  OPS.shadingFill,
  OPS.constructPath,
]);

/**
 * The pages (1-based) that paint anything outside a marked-content sequence: content neither
 * tagged nor an artifact, which PDF/UA forbids (Matterhorn checkpoint 01-001). Read with pdf.js,
 * independently of the code that marks the content. `skip` names pages not to check. With
 * `drawnPdfsAllowed`, a form XObject painted outside marked content is let pass (a PDF paper's
 * page drawn in, whose own tags are not carried), so what is checked is everything else on the
 * page: the pack's own marks around it.
 */
export async function pagesWithUntaggedContent(pdf: Uint8Array, skip: ReadonlySet<number> = new Set(), drawnPdfsAllowed = false): Promise<number[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0, useSystemFonts: false }).promise;
  const pages: number[] = [];
  try {
    for (let number = 1; number <= doc.numPages; number++) {
      if (skip.has(number)) continue;
      const page = await doc.getPage(number);
      const list = await page.getOperatorList();
      let depth = 0;
      let formDepth = 0;
      // The form depth of a PDF paper's page drawn in (drawnPdfsAllowed): all inside it is the paper's own.
      let paperDepth = 0;
      for (const [index, op] of list.fnArray.entries()) {
        // A path that only clips (W n) paints nothing: pdf.js folds the painting operator into constructPath.
        if (op === OPS.constructPath && (list.argsArray[index] as unknown[] | null)?.[0] === OPS.endPath) continue;
        if (op === OPS.beginMarkedContent || op === OPS.beginMarkedContentProps) depth += 1;
        else if (op === OPS.endMarkedContent) depth = Math.max(0, depth - 1);
        else if (op === OPS.paintFormXObjectEnd) {
          if (paperDepth === formDepth) paperDepth = 0;
          formDepth -= 1;
        } else if (PAINTING.has(op)) {
          if (op === OPS.paintFormXObjectBegin) {
            formDepth += 1;
            // A soft mask (set by the graphics state, pdf.js reads it as a group) shapes what is painted; it is not content.
            const group = list.fnArray[index - 1] === OPS.beginGroup ? (list.argsArray[index - 1] as Array<{ smask?: unknown } | undefined> | null)?.[0] : undefined;
            if (group?.smask) continue;
            if (formDepth === 1 && drawnPdfsAllowed) paperDepth = 1;
          }
          if (paperDepth > 0) continue;
          if (depth === 0 && (formDepth === 0 || op === OPS.paintFormXObjectBegin)) {
            pages.push(number);
            break;
          }
        }
      }
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}
