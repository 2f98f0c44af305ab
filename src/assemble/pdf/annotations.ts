import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFStream, PDFString, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';
import { multiply, transformRect, type Matrix } from './page-fit.js';

/** Annotation flags (PDF 32000-1, 12.5.3). */
const HIDDEN = 1 << 1;
const NO_VIEW = 1 << 5;

/** What becomes of one annotation of an appendix page in the pack. */
export type AnnotationFate =
  /** A link: kept, moved with the page. */
  | { kind: 'link'; ref: PDFRef | undefined; dict: PDFDict }
  /** Shown on the page (a stamp, a box, a filled field): drawn into the page, as it is seen. */
  | { kind: 'flatten'; appearance: PDFRef | PDFStream; matrix: Matrix }
  /** Not shown (a comment's pop-up, a hidden field) or unsafe: left out. */
  | { kind: 'drop'; ref: PDFRef | undefined };

/**
 * A link that only goes somewhere: a page of the same PDF, or a web or mail address (the same
 * rule as links in Markdown). One that would run, launch or open a file is left out.
 */
function isSafeLink(context: PDFContext, dict: PDFDict): boolean {
  const action = dict.lookupMaybe(PDFName.of('A'), PDFDict);
  if (!action) return true;
  const kind = action.lookupMaybe(PDFName.of('S'), PDFName)?.decodeText();
  if (kind === 'GoTo') return true;
  if (kind !== 'URI') return false;
  const uri = context.lookup(action.get(PDFName.of('URI')));
  const text = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : '';
  return /^(https?:|mailto:)/i.test(text.trim());
}

/**
 * Decides each annotation's fate. What prints must be what the source shows: every annotation a
 * viewer shows is drawn into the page (so a box over a name stays over it), links stay links,
 * and everything else (comments, hidden fields, their text) is not carried into the pack.
 */
export function annotationFates(context: PDFContext, annots: PDFArray | undefined): AnnotationFate[] {
  const fates: AnnotationFate[] = [];
  for (const entry of annots?.asArray() ?? []) {
    const ref = entry instanceof PDFRef ? entry : undefined;
    const dict = context.lookupMaybe(entry, PDFDict);
    if (!dict) continue;
    const subtype = dict.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText();
    const flags = dict.lookupMaybe(PDFName.of('F'), PDFNumber)?.asNumber() ?? 0;
    if (subtype === 'Link') {
      fates.push(isSafeLink(context, dict) ? { kind: 'link', ref, dict } : { kind: 'drop', ref });
      continue;
    }
    if (subtype === 'Popup' || (flags & (HIDDEN | NO_VIEW)) !== 0) {
      fates.push({ kind: 'drop', ref });
      continue;
    }
    const appearance = normalAppearance(context, dict);
    const rect = dict.lookupMaybe(PDFName.of('Rect'), PDFArray);
    if (!appearance || !rect) {
      fates.push({ kind: 'drop', ref });
      continue;
    }
    fates.push({ kind: 'flatten', appearance: appearance.ref, matrix: appearanceMatrix(appearance.stream, numbers(context, rect)) });
  }
  return fates;
}

/** The appearance a viewer draws for an annotation: /AP /N, or its state named by /AS. */
function normalAppearance(context: PDFContext, dict: PDFDict): { ref: PDFRef | PDFStream; stream: PDFStream } | undefined {
  const normal = dict.lookupMaybe(PDFName.of('AP'), PDFDict)?.get(PDFName.of('N'));
  const resolved = normal instanceof PDFRef ? context.lookup(normal) : normal;
  if (resolved instanceof PDFStream) return { ref: normal instanceof PDFRef ? normal : resolved, stream: resolved };
  if (resolved instanceof PDFDict) {
    const state = dict.lookupMaybe(PDFName.of('AS'), PDFName);
    const chosen = state ? resolved.get(state) : undefined;
    const stream = chosen instanceof PDFRef ? context.lookup(chosen) : chosen;
    if (stream instanceof PDFStream) return { ref: chosen instanceof PDFRef ? chosen : stream, stream };
  }
  return undefined;
}

/**
 * The matrix that draws an appearance where a viewer would (PDF 32000-1, 12.5.5): its bounding
 * box, transformed by its own /Matrix, mapped onto the annotation's rectangle. The Do operator
 * applies the appearance's /Matrix itself, so this is the box-to-rectangle part only.
 */
function appearanceMatrix(stream: PDFStream, rect: number[]): Matrix {
  const bbox = numbers(stream.dict.context, stream.dict.lookupMaybe(PDFName.of('BBox'), PDFArray));
  const own = numbers(stream.dict.context, stream.dict.lookupMaybe(PDFName.of('Matrix'), PDFArray));
  const formMatrix: Matrix = own.length === 6 ? (own as Matrix) : [1, 0, 0, 1, 0, 0];
  const [bx0, by0, bx1, by1] = transformRect(formMatrix, bbox.length === 4 ? bbox : [0, 0, 1, 1]);
  const [rx0 = 0, ry0 = 0, rx1 = 0, ry1 = 0] = normaliseRect(rect);
  const sx = bx1 - bx0 === 0 ? 1 : (rx1 - rx0) / (bx1 - bx0);
  const sy = by1 - by0 === 0 ? 1 : (ry1 - ry0) / (by1 - by0);
  return multiply([1, 0, 0, 1, -bx0, -by0], [sx, 0, 0, sy, rx0, ry0]);
}

export function normaliseRect(rect: readonly number[]): number[] {
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = rect;
  return [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
}

export function numbers(context: PDFContext, array: PDFArray | undefined): number[] {
  return (array?.asArray() ?? []).map((value: PDFObject) => context.lookupMaybe(value, PDFNumber)?.asNumber() ?? 0);
}
