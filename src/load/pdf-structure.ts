import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from '@cantoo/pdf-lib';
import { runQpdf } from './qpdf.js';
import { RawObjects, qpdfObjects, trailerRoot } from './raw-objects.js';
import { isLandscapeBox, visibleBoxOf, type Rectangle } from './pdf-page-box.js';

/** Where a bookmark or link of a PDF goes: a page (0-based) and the view after it (XYZ, Fit …) as written. */
export interface PdfDestination {
  pageIndex: number;
  view: Array<string | number | null>;
}

/** A bookmark of a PDF paper, to be nested under the paper's own bookmark in a pack. */
export interface PdfOutlineItem {
  title: string;
  dest: PdfDestination | undefined;
  kids: PdfOutlineItem[];
}

interface QpdfOutline {
  title?: string;
  dest?: unknown[] | null;
  destpageposfrom1?: number | null;
  kids?: QpdfOutline[];
}

export interface PdfStructure {
  outline: PdfOutlineItem[];
  /** Named destinations, when they could be read along the way (else read on demand). */
  namedDestinations: Record<string, PdfDestination> | undefined;
  /** The object of each page ("12 0 R"), to resolve destinations read later. */
  pageObjects: string[];
  /**
   * Whether the first page is shown landscape, as read from the file (its boxes and /Rotate,
   * inherited through the page tree); undefined where the file did not say plainly. Known
   * before qpdf has copied the pages, so a pack's first print can start sooner.
   */
  firstPageLandscape: boolean | undefined;
}

/**
 * qpdf could not describe a PDF's pages and bookmarks: the paper cannot be placed as it is (its
 * pages unknown, its bookmarks and links lost), so it is refused with this message.
 */
export class UnreadableStructure extends Error {
  override readonly name = 'UnreadableStructure';
}

/**
 * A PDF's bookmarks and named destinations. Read straight from the file's bytes where those
 * objects are stored plainly (a few objects, no spawn, no full parse); otherwise through qpdf,
 * which throws UnreadableStructure when qpdf cannot read them.
 */
export async function readPdfStructure(original: Uint8Array, latin1: string, timeoutMs: number): Promise<PdfStructure> {
  try {
    return readPlainly(original, latin1);
  } catch {
    return { ...(await readOutlineAndPages(original, timeoutMs)), namedDestinations: undefined, firstPageLandscape: undefined };
  }
}

function readPlainly(original: Uint8Array, latin1: string): PdfStructure {
  const rootRef = trailerRoot(latin1);
  if (!rootRef) throw new Error('no trailer found');
  const raw = RawObjects.index(original, latin1);
  const catalog = raw.dict(rootRef);
  if (!catalog) throw new Error('no catalog found');
  const pageRefs = raw.pageRefs(catalog);
  const pages = pageRefs.map((ref) => `${ref.objectNumber} ${ref.generationNumber} R`);
  const names = new Map<string, PDFObject>();
  const dests = raw.dict(catalog.get(PDFName.of('Dests')));
  for (const [key, value] of dests?.entries() ?? []) names.set(key.decodeText(), value);
  let nodes = 0;
  const visit = (node: PDFObject | undefined, depth: number) => {
    const dict = raw.dict(node);
    if (!dict || depth > 16 || nodes++ > MAX_TREE_NODES) return;
    const pairs = raw.array(dict.get(PDFName.of('Names')));
    for (let index = 0; pairs && index + 1 < pairs.size(); index += 2) {
      const key = raw.get(pairs.get(index));
      if (key instanceof PDFString || key instanceof PDFHexString) names.set(key.decodeText(), pairs.get(index + 1));
    }
    for (const kid of raw.array(dict.get(PDFName.of('Kids')))?.asArray() ?? []) visit(kid, depth + 1);
  };
  visit(raw.dict(catalog.get(PDFName.of('Names')))?.get(PDFName.of('Dests')), 0);
  const resolve = (value: PDFObject | undefined, hops = 0): PdfDestination | undefined => {
    const object = raw.get(value);
    if (hops > 4) return undefined;
    if (object instanceof PDFName || object instanceof PDFString || object instanceof PDFHexString) return resolve(names.get(object.decodeText()), hops + 1);
    if (object instanceof PDFDict) return resolve(object.get(PDFName.of('D')), hops + 1);
    return object instanceof PDFArray ? destinationOf(object, pages) : undefined;
  };
  const namedDestinations: Record<string, PdfDestination> = {};
  for (const name of names.keys()) {
    const dest = resolve(PDFName.of(name));
    if (dest) namedDestinations[name] = dest;
  }
  let items = 0;
  const seen = new Set<PDFDict>();
  const read = (first: PDFObject | undefined, depth: number): PdfOutlineItem[] => {
    const list: PdfOutlineItem[] = [];
    for (let entry = raw.dict(first); entry && !seen.has(entry) && depth < 32 && items++ < 100_000; entry = raw.dict(entry.get(PDFName.of('Next')))) {
      seen.add(entry);
      const title = raw.get(entry.get(PDFName.of('Title')));
      const action = raw.dict(entry.get(PDFName.of('A')));
      const goTo = action && raw.get(action.get(PDFName.of('S'))) === PDFName.of('GoTo') ? action.get(PDFName.of('D')) : undefined;
      list.push({
        title: title instanceof PDFString || title instanceof PDFHexString ? title.decodeText() : '',
        dest: resolve(entry.get(PDFName.of('Dest')) ?? goTo),
        kids: read(entry.get(PDFName.of('First')), depth + 1),
      });
    }
    return list;
  };
  const outline = read(raw.dict(catalog.get(PDFName.of('Outlines')))?.get(PDFName.of('First')), 0);
  return { outline, namedDestinations, pageObjects: pages, firstPageLandscape: pageRefs[0] ? pageShownLandscape(raw, pageRefs[0]) : undefined };
}

/** A page's orientation as shown, from its raw dictionary; undefined if its boxes are not plain numbers. */
function pageShownLandscape(raw: RawObjects, page: PDFRef): boolean | undefined {
  try {
    const media = rectangleOf(raw, raw.inherited(page, 'MediaBox'));
    if (!media) return undefined;
    const cropValue = raw.inherited(page, 'CropBox');
    const crop = cropValue === undefined ? media : rectangleOf(raw, cropValue);
    const rotate = raw.get(raw.inherited(page, 'Rotate'));
    if (!crop || (rotate !== undefined && !(rotate instanceof PDFNumber))) return undefined;
    return isLandscapeBox(visibleBoxOf(media, crop), rotate?.asNumber() ?? 0);
  } catch {
    return undefined;
  }
}

function rectangleOf(raw: RawObjects, value: PDFObject | undefined): Rectangle | undefined {
  const numbers = raw
    .array(value)
    ?.asArray()
    .map((entry) => raw.get(entry));
  if (numbers?.length !== 4 || !numbers.every((entry) => entry instanceof PDFNumber)) return undefined;
  const [x0, y0, x1, y1] = (numbers as PDFNumber[]).map((entry) => entry.asNumber()) as [number, number, number, number];
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** An explicit destination as page index and view, if its page is one of the document's. */
function destinationOf(array: PDFArray, pageObjects: readonly string[]): PdfDestination | undefined {
  const page = array.get(0);
  const pageIndex = page instanceof PDFRef ? pageObjects.indexOf(`${page.objectNumber} ${page.generationNumber} R`) : -1;
  if (pageIndex < 0) return undefined;
  return {
    pageIndex,
    view: array
      .asArray()
      .slice(1)
      .map((item) => (item instanceof PDFName ? item.decodeText() : item instanceof PDFNumber ? item.asNumber() : null)),
  };
}

/** A PDF's bookmarks (named destinations resolved) and the object of each page, read by qpdf. */
async function readOutlineAndPages(original: Uint8Array, timeoutMs: number): Promise<{ outline: PdfOutlineItem[]; pageObjects: string[] }> {
  const json = await runQpdf(original, (input) => ['--json', '--json-key=outlines', '--json-key=pages', input], timeoutMs);
  // 0: read; 3: read with warnings (repaired). Anything else: qpdf could not read the file.
  if (json.status !== 0 && json.status !== 3) {
    throw new UnreadableStructure(`the PDF is damaged or truncated and cannot be read (qpdf, reading its pages and bookmarks, exit ${json.status}${firstLine(json.stderr)}); open it and save it again, or ask for a new copy`);
  }
  let parsed: { outlines?: QpdfOutline[]; pages?: Array<{ object?: string }> };
  try {
    parsed = JSON.parse(json.stdout.toString('utf8')) as typeof parsed;
  } catch (error) {
    throw new UnreadableStructure(`qpdf's description of its pages and bookmarks is not JSON (${error instanceof Error ? error.message : String(error)}): is PAPERS_QPDF qpdf 10 or later?`);
  }
  if (!Array.isArray(parsed.pages)) throw new UnreadableStructure("qpdf's description of its pages and bookmarks lists no pages: is PAPERS_QPDF qpdf 10 or later?");
  const convert = (items: QpdfOutline[] | undefined, depth: number): PdfOutlineItem[] =>
    depth > 32
      ? []
      : (items ?? []).map((item) => ({
          title: String(item.title ?? ''),
          dest: typeof item.destpageposfrom1 === 'number' ? { pageIndex: item.destpageposfrom1 - 1, view: viewOf(item.dest?.slice(1) ?? []) } : undefined,
          kids: convert(item.kids, depth + 1),
        }));
  return { outline: convert(parsed.outlines, 0), pageObjects: (parsed.pages ?? []).map((page) => String(page.object ?? '')) };
}

/** ": " and the first line qpdf wrote to stderr, if any. */
function firstLine(stderr: string): string {
  const line = stderr.split('\n').find((text) => text.trim() !== '');
  return line ? `: ${line.trim().replace(/^qpdf: /, '')}` : '';
}

/** qpdf's JSON values of a destination's view: names as "/XYZ", numbers, null. */
function viewOf(values: unknown[]): Array<string | number | null> {
  return values.map((value) => (typeof value === 'number' ? value : typeof value === 'string' ? value.replace(/^\//, '') : null));
}

const MAX_TREE_NODES = 500;

/**
 * The named destinations a PDF's links use (the catalog's /Dests dictionary and /Names /Dests
 * tree), read one object at a time with qpdf, for a file whose objects are compressed. Asked
 * for only when the links need them.
 */
export async function readNamedDestinations(original: Uint8Array, latin1: string, pageObjects: readonly string[], timeoutMs: number): Promise<Record<string, PdfDestination>> {
  const rootRef = trailerRoot(latin1);
  if (!rootRef) return {};
  const show = qpdfObjects(original, timeoutMs, MAX_TREE_NODES);
  const names: Record<string, PdfDestination> = {};
  const add = (name: string, value: PDFObject | undefined) => {
    const array = value instanceof PDFDict ? value.get(PDFName.of('D')) : value;
    const dest = array instanceof PDFArray ? destinationOf(array, pageObjects) : undefined;
    if (dest) names[name] = dest;
  };
  const catalog = await show(rootRef);
  if (!(catalog instanceof PDFDict)) return {};
  const dests = await show(catalog.get(PDFName.of('Dests')));
  if (dests instanceof PDFDict) for (const [key, value] of dests.entries()) add(key.decodeText(), await show(value));
  const nameTree = await show(catalog.get(PDFName.of('Names')));
  const visit = async (node: PDFObject | undefined, depth: number): Promise<void> => {
    const dict = await show(node);
    if (!(dict instanceof PDFDict) || depth > 16) return;
    const pairs = await show(dict.get(PDFName.of('Names')));
    if (pairs instanceof PDFArray) {
      for (let index = 0; index + 1 < pairs.size(); index += 2) {
        const key = pairs.get(index);
        if (key instanceof PDFString || key instanceof PDFHexString) add(key.decodeText(), await show(pairs.get(index + 1)));
      }
    }
    const kids = await show(dict.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) await visit(kid, depth + 1);
  };
  if (nameTree instanceof PDFDict) await visit(nameTree.get(PDFName.of('Dests')), 0);
  return names;
}
