import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFBool, PDFDict, PDFDocument, PDFName, PDFOperator, PDFOperatorNames, PDFString, StandardFonts, concatTransformationMatrix, degrees, drawObject, popGraphicsState, pushGraphicsState, rgb } from '@cantoo/pdf-lib';
import type { Printer } from '../../src/print/printer.js';

/**
 * PDFs shaped like the appendices of real agenda packs, made by the tests themselves: printed by
 * Chromium (so tagged, with bookmarks, links and embedded fonts) in the page sizes councils
 * publish, and then given what people add in viewers: boxes over text, filled forms, stamps.
 */
export type AppendixShape = 'report' | 'spreadsheet' | 'slides' | 'risk-register' | 'a3-plan';

const SIZES: Record<AppendixShape, string> = {
  report: 'A4',
  spreadsheet: 'A4 landscape',
  // PowerPoint's 16:9 (13.33 × 7.5 in, 960 × 540 pt).
  slides: '338.67mm 190.5mm',
  // A risk register as published: 1170 × 827 pt.
  'risk-register': '412.75mm 291.75mm',
  'a3-plan': 'A3 landscape',
};

export interface AppendixSpec {
  shape: AppendixShape;
  pages: number;
  /** Printed on every page with the page number, so a test can find each page ("Budget p3"). */
  marker: string;
}

/** The HTML of a synthetic appendix: a heading per page (bookmarks), text, a table, an external and an internal link. */
export function appendixHtml({ shape, pages, marker }: AppendixSpec): string {
  const body = Array.from({ length: pages }, (_, index) => {
    const n = index + 1;
    const columns = shape === 'spreadsheet' || shape === 'risk-register' ? 12 : 4;
    const rows = shape === 'slides' ? 2 : shape === 'report' ? 6 : 14;
    const table = `<table><thead><tr>${Array.from({ length: columns }, (_, c) => `<th scope="col">Column ${c + 1}</th>`).join('')}</tr></thead><tbody>${Array.from({ length: rows }, (_, r) => `<tr>${Array.from({ length: columns }, (_, c) => `<td>${(r + 1) * (c + 7) * n}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
    return `<section id="s${n}"><h2>${marker} section ${n}</h2><p>${marker} p${n}. The council's budget for the year was set in February; this page reports progress against it, line by line, with the variances explained below.</p>${table}<p>See <a href="https://www.example.gov.uk/budget/${n}">the published budget, part ${n}</a> or go back to <a href="#s1">the first section</a>.</p></section>`;
  }).join('');
  const fontSize = shape === 'slides' ? '20pt' : shape === 'report' ? '11pt' : '8pt';
  return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>${marker}</title><style>
@page { size: ${SIZES[shape]}; margin: 15mm; }
body { font: ${fontSize}/1.3 "Liberation Sans", Arial, sans-serif; margin: 0; }
section { break-after: page; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: 1mm 2mm; }
</style></head><body><h1>${marker}</h1>${body}</body></html>`;
}

export async function printAppendix(printer: Printer, spec: AppendixSpec): Promise<Uint8Array> {
  return printer.print({ html: appendixHtml(spec) });
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A filled box drawn over a page as an annotation (a viewer's "rectangle" tool), the way people
 * "redact" a name: opaque black, with an appearance stream, so every viewer shows it.
 */
export async function withBoxOver(pdf: Uint8Array, pageIndex: number, rect: Rect): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  const page = doc.getPage(pageIndex);
  const appearance = doc.context.register(doc.context.stream(`0 0 0 rg 0 0 ${rect.width} ${rect.height} re f`, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, rect.width, rect.height] }));
  const annot = doc.context.register(
    doc.context.obj({ Type: 'Annot', Subtype: 'Square', Rect: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height], C: [0, 0, 0], IC: [0, 0, 0], F: 4, AP: { N: appearance }, Contents: PDFString.of('box') }),
  );
  page.node.addAnnot(annot);
  return doc.save();
}

/** An unapplied redaction annotation (marked for redaction, never applied). */
export async function withUnappliedRedaction(pdf: Uint8Array, pageIndex: number, rect: Rect): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  const annot = doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Redact', Rect: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height], F: 4 }));
  doc.getPage(pageIndex).node.addAnnot(annot);
  return doc.save();
}

/** A form with a text field filled in, and a comment (hidden pop-up text) on the same page. */
export async function withFilledForm(pdf: Uint8Array, pageIndex: number, value: string, at: { x: number; y: number }): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  const form = doc.getForm();
  const field = form.createTextField('applicant.name');
  field.setText(value);
  field.addToPage(doc.getPage(pageIndex), { x: at.x, y: at.y, width: 220, height: 22, font: await doc.embedFont(StandardFonts.Helvetica), textColor: rgb(0, 0, 0) });
  const comment = doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [at.x, at.y + 40, at.x + 20, at.y + 60], Contents: PDFString.of('Private note: do not publish the applicant address'), F: 4 }));
  doc.getPage(pageIndex).node.addAnnot(comment);
  // A form saved by many tools asks the viewer to draw the values itself.
  doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict).set(PDFName.of('NeedAppearances'), PDFBool.True);
  return doc.save({ updateFieldAppearances: false });
}

/**
 * A landscape page stored the way scanners and some exporters save it: drawn sideways on a
 * portrait page, with /Rotate 90 so that viewers show it landscape and upright.
 */
export async function storedTurned(landscapePdf: Uint8Array, pageIndex: number): Promise<Uint8Array> {
  const source = await PDFDocument.load(landscapePdf);
  const doc = await PDFDocument.create();
  const [embedded] = await doc.embedPdf(source, [pageIndex]);
  if (!embedded) throw new Error('no such page');
  const page = doc.addPage([embedded.height, embedded.width]);
  const name = page.node.newXObject('Turned', embedded.ref);
  // The landscape drawing turned a quarter counter-clockwise into portrait space; the viewer's
  // quarter turn clockwise (/Rotate 90) brings it back upright.
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(0, 1, -1, 0, embedded.height, 0), drawObject(name), popGraphicsState());
  page.setRotation(degrees(90));
  return doc.save();
}

/**
 * A long plain PDF (a 1,000-page consultation response, say), made directly rather than
 * printed, so a test can afford thousands of pages: each page says "<marker> page N".
 */
export async function longPdf(pages: number, marker: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let index = 0; index < pages; index++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`${marker} page ${index + 1}`, { x: 60, y: 780, size: 14, font });
    page.drawText('Responses to the consultation, as received, in the order received.', { x: 60, y: 750, size: 10, font });
  }
  return doc.save();
}

/** Links that would do more than go somewhere: launch a program, run script, open a local file. */
export async function withUnsafeLinks(pdf: Uint8Array, pageIndex: number): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  const page = doc.getPage(pageIndex);
  const link = (action: Record<string, string | PDFString>, y: number) => page.node.addAnnot(doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [40, y, 200, y + 12], Border: [0, 0, 0], A: action })));
  link({ S: 'Launch', F: PDFString.of('cmd.exe') }, 100);
  link({ S: 'URI', URI: PDFString.of('javascript:alert(1)') }, 120);
  link({ S: 'URI', URI: PDFString.of('file:///etc/passwd') }, 140);
  link({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }, 160);
  return doc.save();
}

/**
 * The same PDF saved the way Word and most tools save today: objects packed in compressed
 * object streams, with a cross-reference stream (qpdf does the packing).
 */
export async function withObjectStreams(pdf: Uint8Array): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(tmpdir(), 'papers-objstm-'));
  try {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    execFileSync('qpdf', ['--object-streams=generate', path.join(dir, 'in.pdf'), path.join(dir, 'out.pdf')]);
    return new Uint8Array(await readFile(path.join(dir, 'out.pdf')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A page with a second content stream (a stamp or note added after the file was made). */
export async function withAddedText(pdf: Uint8Array, pageIndex: number, text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  doc.getPage(pageIndex).drawText(text, { x: 60, y: 120, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

/** Text on a layer (optional content) that is hidden when the document opens, or shown. */
export async function withLayer(pdf: Uint8Array, pageIndex: number, text: string, shown: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  const layer = doc.context.register(doc.context.obj({ Type: 'OCG', Name: PDFString.of('Notes') }));
  doc.catalog.set(PDFName.of('OCProperties'), doc.context.obj({ OCGs: [layer], D: { Order: [layer], ...(shown ? {} : { OFF: [layer] }) } }));
  const page = doc.getPage(pageIndex);
  const { Resources } = page.node.normalizedEntries();
  Resources.set(PDFName.of('Properties'), doc.context.obj({ Notes1: layer }));
  page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('OC'), PDFName.of('Notes1')]));
  page.drawText(text, { x: 60, y: 200, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
  return doc.save();
}
