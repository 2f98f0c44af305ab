import { PDFArray, PDFContext, PDFDict, PDFHexString, PDFName, PDFNumber, PDFObjectParser, PDFRef, PDFString, type PDFObject } from '@cantoo/pdf-lib';
import { runQpdf } from './qpdf.js';

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

/**
 * A PDF's bookmarks (named destinations resolved) and the object of each page, read by qpdf
 * without parsing the rest of the file.
 */
export async function readOutlineAndPages(original: Uint8Array, timeoutMs: number): Promise<{ outline: PdfOutlineItem[]; pageObjects: string[] }> {
  const json = await runQpdf(original, (input) => ['--json', '--json-key=outlines', '--json-key=pages', input], timeoutMs);
  if (json.status !== 0 && json.status !== 3) return { outline: [], pageObjects: [] };
  let parsed: { outlines?: QpdfOutline[]; pages?: Array<{ object?: string }> };
  try {
    parsed = JSON.parse(json.stdout.toString('utf8')) as typeof parsed;
  } catch {
    return { outline: [], pageObjects: [] };
  }
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

/** qpdf's JSON values of a destination's view: names as "/XYZ", numbers, null. */
function viewOf(values: unknown[]): Array<string | number | null> {
  return values.map((value) => (typeof value === 'number' ? value : typeof value === 'string' ? value.replace(/^\//, '') : null));
}

const MAX_TREE_NODES = 500;

/**
 * The named destinations a PDF's links use (the catalog's /Dests dictionary and /Names /Dests
 * tree), read one object at a time with qpdf. Asked for only when the links need them.
 */
export async function readNamedDestinations(original: Uint8Array, latin1: string, pageObjects: readonly string[], timeoutMs: number): Promise<Record<string, PdfDestination>> {
  const root = [...latin1.slice(-65536).matchAll(/\/Root\s+(\d+)\s+(\d+)\s+R/g)].pop();
  if (!root) return {};
  const context = PDFContext.create();
  let fetched = 0;
  const show = async (value: PDFObject | undefined): Promise<PDFObject | undefined> => {
    if (!(value instanceof PDFRef)) return value;
    if (fetched++ > MAX_TREE_NODES) return undefined;
    const result = await runQpdf(original, (input) => [`--show-object=${value.objectNumber},${value.generationNumber}`, input], timeoutMs);
    if (result.status !== 0 && result.status !== 3) return undefined;
    try {
      return PDFObjectParser.forBytes(new Uint8Array(result.stdout), context).parseObject();
    } catch {
      return undefined;
    }
  };
  const names: Record<string, PdfDestination> = {};
  const add = (name: string, value: PDFObject | undefined) => {
    const array = value instanceof PDFDict ? value.get(PDFName.of('D')) : value;
    if (!(array instanceof PDFArray)) return;
    const page = array.get(0);
    const pageIndex = page instanceof PDFRef ? pageObjects.indexOf(`${page.objectNumber} ${page.generationNumber} R`) : -1;
    if (pageIndex < 0) return;
    names[name] = { pageIndex, view: array.asArray().slice(1).map((item) => (item instanceof PDFName ? item.decodeText() : item instanceof PDFNumber ? item.asNumber() : null)) };
  };
  const catalog = await show(PDFRef.of(Number(root[1]), Number(root[2])));
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
