import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, PDFRawStream, PDFRef, decodePDFRawStream, type PDFField, type PDFFont, type PDFForm, type PDFObject, type PDFPage } from '@cantoo/pdf-lib';
import { GraphCopier } from './copy-graph.js';
import { annotationFates, numbers, normaliseRect, type AnnotationFate } from './annotations.js';
import { explicitDestination, moveDestination } from './destinations.js';
import type { PdfDestination, PdfOutlineItem } from '../../load/pdf-structure.js';
import { apply, fitPage, pdfNumber, transformRect, type Matrix } from './page-fit.js';
import { visibleBox } from '../../load/pdf-page-box.js';
import { slotBandPoints } from '../../render/slot-geometry.js';

export interface PdfPlacement {
  /** The PDF, as read and checked when the meeting was loaded; other PDFs' pages may share it. */
  bytes: Uint8Array;
  /** 0-based index of the PDF's first page in `bytes`. */
  firstSourcePage: number;
  /** 0-based index of the first page reserved for it in the printed pack. */
  firstPageIndex: number;
  pageCount: number;
  /** Its bookmarks and the named destinations of its links, read when it was loaded. */
  outline: PdfOutlineItem[];
  namedDestinations: Record<string, PdfDestination>;
  /** The paper's file, to name it in a warning. */
  file?: string;
}

export interface PlacementOutcome {
  /** Link annotations carried over. */
  links: number;
  /** Annotations drawn into the page as they are shown. */
  flattened: number;
  /** Bookmarks of the PDF nested under its own bookmark. */
  bookmarks: number;
}

/**
 * Puts a PDF's pages onto the pages reserved for them in the printed pack. Each reserved page
 * keeps what Chromium printed on it (the pack's page number and marks, tagged) and gets the
 * PDF's page drawn above the band: as a form XObject holding the page's own content and
 * resources, fitted to the page without turning a landscape page or shrinking a portrait one
 * more than the band needs. Links move with the page, visible annotations are drawn in, and
 * the PDF's bookmarks go under `bookmark`.
 */
export function placePdf(target: PDFDocument, source: PDFDocument, placement: PdfPlacement, bookmark: { ref: PDFRef; dict: PDFDict } | undefined, targetPages: readonly PDFPage[] = target.getPages()): PlacementOutcome {
  const copier = new GraphCopier(source.context, target.context);
  const sourcePages = source.getPages().slice(placement.firstSourcePage, placement.firstSourcePage + placement.pageCount);
  const names = (name: string): PDFArray | undefined => {
    const dest = placement.namedDestinations[name];
    const page = dest ? sourcePages[dest.pageIndex] : undefined;
    return dest && page ? source.context.obj([page.ref, ...viewObjects(dest.view)]) : undefined;
  };
  if (sourcePages.length !== placement.pageCount) throw new Error(`the PDF has ${sourcePages.length} pages; ${placement.pageCount} were reserved`);
  sourcePages.forEach((page, index) => {
    const reserved = targetPages[placement.firstPageIndex + index];
    if (!reserved) throw new Error(`no page ${placement.firstPageIndex + index + 1} was reserved in the printed pack`);
    copier.map(page.ref, reserved.ref);
  });
  const matrices = new Map<PDFRef, Matrix>();
  let links = 0;
  let flattened = 0;
  sourcePages.forEach((page, index) => {
    const reserved = targetPages[placement.firstPageIndex + index] as PDFPage;
    const fit = fitPage(visibleBox(page), page.getRotation().angle, reserved.getWidth(), reserved.getHeight(), slotBandPoints());
    matrices.set(reserved.ref, fit.matrix);
    const fates = annotationFates(source.context, page.node.Annots());
    for (const fate of fates) if (fate.kind === 'drop' && fate.ref) copier.map(fate.ref, PDFNull);
    const form = pageAsForm(source, page, copier);
    const formRef = target.context.register(form);
    const { XObject } = reserved.node.normalizedEntries();
    const pageName = XObject.uniqueKey('PapersPage');
    XObject.set(pageName, formRef);
    const operators = [`q ${fit.matrix.map(pdfNumber).join(' ')} cm ${pageName.asString()} Do`];
    for (const fate of fates) {
      if (fate.kind !== 'flatten') continue;
      const appearance = copier.copy(fate.appearance);
      const appearanceRef = appearance instanceof PDFRef ? appearance : target.context.register(appearance);
      const name = XObject.uniqueKey('PapersAnnot');
      XObject.set(name, appearanceRef);
      operators.push(`q ${fate.matrix.map(pdfNumber).join(' ')} cm ${name.asString()} Do Q`);
      flattened += 1;
    }
    operators.push('Q');
    reserved.node.addContentStream(target.context.register(target.context.stream(operators.join('\n'))));
    links += carryLinks(source, fates, reserved, fit.matrix, copier, names);
  });
  copier.drain();
  // Destinations were copied pointing at the new pages; their coordinates move with the page.
  for (const page of targetPages.slice(placement.firstPageIndex, placement.firstPageIndex + placement.pageCount)) {
    for (const annot of page.node.Annots()?.asArray() ?? []) moveLinkDestination(target, annot, matrices);
  }
  const reserved = targetPages.slice(placement.firstPageIndex, placement.firstPageIndex + placement.pageCount);
  const bookmarks = bookmark ? nestBookmarks(target, bookmark, placement.outline, reserved, matrices) : 0;
  return { links, flattened, bookmarks };
}

/**
 * The page's content as a form XObject: its own resources, clipped to its visible box. A single
 * content stream becomes the form as it is (no decoding); several are joined.
 */
function pageAsForm(source: PDFDocument, page: PDFPage, copier: GraphCopier): PDFRawStream {
  const box = visibleBox(page);
  const node = page.node;
  const resources = node.getInheritableAttribute(PDFName.of('Resources'));
  const contents = node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((entry) => source.context.lookup(entry)) : [contents];
  const only = streams.length === 1 ? streams[0] : undefined;
  let bytes: Uint8Array;
  const dict = source.context.obj({});
  if (only instanceof PDFRawStream) {
    bytes = only.contents;
    for (const key of ['Filter', 'DecodeParms']) {
      const value = only.dict.get(PDFName.of(key));
      if (value) dict.set(PDFName.of(key), value);
    }
  } else {
    const parts = streams.flatMap((stream) => (stream instanceof PDFRawStream ? [decodePDFRawStream(stream).decode(), new Uint8Array([0x0a])] : []));
    bytes = concat(parts);
  }
  dict.set(PDFName.of('Type'), PDFName.of('XObject'));
  dict.set(PDFName.of('Subtype'), PDFName.of('Form'));
  dict.set(PDFName.of('BBox'), source.context.obj([box.x0, box.y0, box.x1, box.y1]));
  if (resources) dict.set(PDFName.of('Resources'), resources);
  const group = node.get(PDFName.of('Group'));
  if (group) dict.set(PDFName.of('Group'), group);
  return PDFRawStream.of(copier.copyDict(dict), bytes);
}

/** Copies the page's links onto the reserved page, their areas moved with the page. */
function carryLinks(source: PDFDocument, fates: readonly AnnotationFate[], reserved: PDFPage, matrix: Matrix, copier: GraphCopier, names: (name: string) => PDFArray | undefined): number {
  let carried = 0;
  for (const fate of fates) {
    if (fate.kind !== 'link') continue;
    // A named destination lives in the donor's catalog, which is not copied: make it explicit.
    const dest = fate.dict.get(PDFName.of('Dest'));
    const action = fate.dict.lookupMaybe(PDFName.of('A'), PDFDict);
    if (dest) {
      const explicit = explicitDestination(source, dest, names);
      if (!explicit) continue;
      fate.dict.set(PDFName.of('Dest'), explicit);
    } else if (action?.lookupMaybe(PDFName.of('S'), PDFName)?.decodeText() === 'GoTo') {
      const explicit = explicitDestination(source, action.get(PDFName.of('D')), names);
      if (!explicit) continue;
      action.set(PDFName.of('D'), explicit);
    }
    // StructParent is left behind: it names an entry of the appendix's tag tree, not the pack's.
    const copied = copier.copyDict(fate.dict, ['P', 'Popup', 'Parent', 'IRT', 'StructParent']);
    const rect = numbers(source.context, fate.dict.lookupMaybe(PDFName.of('Rect'), PDFArray));
    copied.set(PDFName.of('Rect'), reserved.doc.context.obj(transformRect(matrix, normaliseRect(rect))));
    const quads = numbers(source.context, fate.dict.lookupMaybe(PDFName.of('QuadPoints'), PDFArray));
    if (quads.length >= 8) {
      const moved: number[] = [];
      for (let index = 0; index + 1 < quads.length; index += 2) {
        const [x, y] = apply(matrix, quads[index] ?? 0, quads[index + 1] ?? 0);
        moved.push(x, y);
      }
      copied.set(PDFName.of('QuadPoints'), reserved.doc.context.obj(moved));
    }
    copied.set(PDFName.of('P'), reserved.ref);
    const ref = reserved.doc.context.register(copied);
    if (fate.ref) copier.map(fate.ref, ref);
    reserved.node.addAnnot(ref);
    carried += 1;
  }
  return carried;
}

/** Moves the coordinates of a carried link's destination onto its new page. */
function moveLinkDestination(target: PDFDocument, annot: PDFObject, matrices: ReadonlyMap<PDFRef, Matrix>): void {
  const dict = target.context.lookupMaybe(annot, PDFDict);
  if (dict?.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText() !== 'Link') return;
  const dest = dict.lookupMaybe(PDFName.of('Dest'), PDFArray) ?? dict.lookupMaybe(PDFName.of('A'), PDFDict)?.lookupMaybe(PDFName.of('D'), PDFArray);
  moveIfOurs(dest, matrices);
}

/** Destinations already moved: a destination array may be shared by a link and a bookmark. */
const moved = new WeakSet<PDFArray>();

function moveIfOurs(dest: PDFArray | undefined, matrices: ReadonlyMap<PDFRef, Matrix>): void {
  const page = dest?.get(0);
  const matrix = page instanceof PDFRef ? matrices.get(page) : undefined;
  if (dest && matrix && !moved.has(dest)) {
    moveDestination(dest, matrix);
    moved.add(dest);
  }
}

/** A destination's view (XYZ, Fit …) as PDF objects. */
function viewObjects(view: ReadonlyArray<string | number | null>): Array<PDFName | PDFNumber | typeof PDFNull> {
  return view.map((value) => (typeof value === 'string' ? PDFName.of(value) : value === null ? PDFNull : PDFNumber.of(value)));
}

/**
 * Nests the PDF's own bookmarks under the pack's bookmark for it, closed, each pointing at its
 * page in the pack with its view moved with the page.
 */
function nestBookmarks(target: PDFDocument, parent: { ref: PDFRef; dict: PDFDict }, items: readonly PdfOutlineItem[], pages: readonly PDFPage[], matrices: ReadonlyMap<PDFRef, Matrix>): number {
  let count = 0;
  const build = (list: readonly PdfOutlineItem[], parentRef: PDFRef): PDFRef[] => {
    const refs = list.map(() => target.context.nextRef());
    list.forEach((item, index) => {
      const ref = refs[index] as PDFRef;
      const dict = target.context.obj({ Title: PDFHexString.fromText(item.title), Parent: parentRef });
      const page = item.dest ? pages[item.dest.pageIndex] : undefined;
      if (item.dest && page) {
        const dest = target.context.obj([page.ref, ...viewObjects(item.dest.view)]);
        const matrix = matrices.get(page.ref);
        if (matrix) moveDestination(dest, matrix);
        dict.set(PDFName.of('Dest'), dest);
      }
      if (index > 0) dict.set(PDFName.of('Prev'), refs[index - 1] as PDFRef);
      if (index < refs.length - 1) dict.set(PDFName.of('Next'), refs[index + 1] as PDFRef);
      const kids = build(item.kids, ref);
      if (kids.length > 0) {
        dict.set(PDFName.of('First'), kids[0] as PDFRef);
        dict.set(PDFName.of('Last'), kids[kids.length - 1] as PDFRef);
        dict.set(PDFName.of('Count'), PDFNumber.of(-kids.length));
      }
      target.context.assign(ref, dict);
      count += 1;
    });
    return refs;
  };
  const top = build(items, parent.ref);
  if (top.length === 0) return 0;
  parent.dict.set(PDFName.of('First'), top[0] as PDFRef);
  parent.dict.set(PDFName.of('Last'), top[top.length - 1] as PDFRef);
  // Closed: a negative count of the items that opening it would show.
  parent.dict.set(PDFName.of('Count'), PDFNumber.of(-top.length));
  return count;
}

/** A form field whose value could not be drawn, and the pages (of its PDF) its boxes are on. */
interface UnfilledField {
  message: string;
  /** Empty when they could not be found: then said for every paper of the PDF. */
  pages: Set<PDFRef>;
}

/**
 * Opens PDFs to place (as read when the meeting was loaded), each once however many papers
 * share it, with their forms' values drawn; unfilledOn says which values could not be.
 */
export class PlacementSources {
  private readonly opened = new Map<Uint8Array, Promise<{ doc: PDFDocument; unfilled: UnfilledField[] }>>();

  async open(bytes: Uint8Array): Promise<PDFDocument> {
    return (await this.load(bytes)).doc;
  }

  /** Why form values on these pages of the PDF in `bytes` are not drawn as filled in, one sentence a field. */
  async unfilledOn(bytes: Uint8Array, firstSourcePage: number, pageCount: number): Promise<string[]> {
    const { doc, unfilled } = await this.load(bytes);
    const pages = new Set(
      doc
        .getPages()
        .slice(firstSourcePage, firstSourcePage + pageCount)
        .map((page) => page.ref),
    );
    return unfilled.filter((field) => field.pages.size === 0 || [...field.pages].some((ref) => pages.has(ref))).map((field) => field.message);
  }

  private load(bytes: Uint8Array): Promise<{ doc: PDFDocument; unfilled: UnfilledField[] }> {
    let loaded = this.opened.get(bytes);
    if (!loaded) {
      loaded = PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: Infinity, throwOnInvalidObject: false }).then(async (doc) => ({ doc, unfilled: await drawFieldValues(doc) }));
      this.opened.set(bytes, loaded);
    }
    return loaded;
  }
}

/**
 * A filled form shows its values only through the fields' appearances; where the file asks the
 * viewer to make them (or has none), they are made here, so the values are drawn into the page.
 * A field whose value cannot be drawn (a character the form's font lacks, a field pdf-lib cannot
 * read) keeps the appearance the file has, and is returned, so the clerk is told.
 */
async function drawFieldValues(source: PDFDocument): Promise<UnfilledField[]> {
  const acroForm = source.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  if (!acroForm) return [];
  const keptAsDrawn = 'the pack shows it as the file itself draws it, which may be without the value';
  let form: PDFForm;
  let fields: PDFField[];
  try {
    form = source.getForm();
    fields = form.getFields();
  } catch (error) {
    return [{ message: `its form cannot be read (${reason(error)}), so no filled-in value is drawn: ${keptAsDrawn}`, pages: pagesWithWidgets(source) }];
  }
  const needAppearances = acroForm.get(PDFName.of('NeedAppearances'))?.toString() === 'true';
  const unfilled: UnfilledField[] = [];
  let font: PDFFont | undefined;
  for (const field of fields) {
    try {
      if (needAppearances) form.markFieldAsDirty(field.ref);
      if (!field.needsAppearancesUpdate()) continue;
      font ??= form.getDefaultFont();
      field.defaultUpdateAppearances(font);
    } catch (error) {
      unfilled.push({ message: `the value of its form field "${fieldName(field)}" cannot be drawn (${reason(error)}): ${keptAsDrawn}`, pages: widgetPages(source, field) });
    }
  }
  try {
    // The font the appearances use is written into the file only now (pdf-lib defers it to saving).
    await source.flush();
  } catch (error) {
    return [{ message: `the values filled into its form cannot be drawn (${reason(error)}): ${keptAsDrawn}`, pages: pagesWithWidgets(source) }];
  }
  return unfilled;
}

/** The pages a field's boxes (widgets) are on. */
function widgetPages(source: PDFDocument, field: PDFField): Set<PDFRef> {
  const pages = new Set<PDFRef>();
  try {
    for (const widget of field.acroField.getWidgets()) {
      const page = widget.P();
      const ref = source.context.getObjectRef(widget.dict);
      if (page) pages.add(page);
      else if (ref) for (const candidate of source.getPages()) if (candidate.node.Annots()?.asArray().includes(ref)) pages.add(candidate.ref);
    }
  } catch {
    // Not found: the field is then named for every paper of the PDF (see unfilledOn).
  }
  return pages;
}

/** Pages with any form field's box on them. */
function pagesWithWidgets(source: PDFDocument): Set<PDFRef> {
  const pages = new Set<PDFRef>();
  for (const page of source.getPages()) {
    const annots = page.node.Annots()?.asArray() ?? [];
    if (annots.some((entry) => source.context.lookupMaybe(entry, PDFDict)?.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText() === 'Widget')) pages.add(page.ref);
  }
  return pages;
}

function fieldName(field: PDFField): string {
  try {
    return field.getName();
  } catch {
    return '(unnamed)';
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
