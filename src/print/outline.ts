import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from '@cantoo/pdf-lib';
import { MissingObject, RawObjects, trailerRoot } from '../load/raw-objects.js';

/** Where a bookmark Chromium wrote for a heading points. */
export interface BookmarkTarget {
  title: string;
  /** 0-based index of the page the bookmark points at (-1: none of the document's). */
  pageIndex: number;
}

/** A bookmark Chromium wrote for a heading, as an object that can be changed. */
export interface OutlineEntry extends BookmarkTarget {
  dict: PDFDict;
  /** The bookmark's own reference, so children can name it as their parent. */
  ref: PDFRef | undefined;
}

/** All bookmarks in document order (depth first), with the page each points at. */
export function readOutline(doc: PDFDocument): OutlineEntry[] {
  const pageIndexByRef = new Map(doc.getPages().map((page, index) => [page.ref.toString(), index]));
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const entries: OutlineEntry[] = [];
  const visit = (firstRef: PDFObject | undefined) => {
    for (let ref = firstRef, entry = doc.context.lookupMaybe(ref, PDFDict); entry; ref = entry.get(PDFName.of('Next')), entry = doc.context.lookupMaybe(ref, PDFDict)) {
      const title = entry.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)?.decodeText() ?? '';
      const target = entry.lookupMaybe(PDFName.of('Dest'), PDFArray)?.get(0);
      const pageIndex = target instanceof PDFRef ? (pageIndexByRef.get(target.toString()) ?? -1) : -1;
      entries.push({ title, pageIndex, dict: entry, ref: ref instanceof PDFRef ? ref : undefined });
      visit(entry.get(PDFName.of('First')));
    }
  };
  visit(root?.get(PDFName.of('First')));
  return entries;
}

/**
 * The bookmarks of a printed PDF and its page count, read from the few objects they are (the
 * catalog, the page tree, the outline) without parsing the whole file: Chromium stores its
 * objects plainly. Parsed whole only if it did not.
 */
export async function readBookmarkTargets(bytes: Uint8Array): Promise<{ targets: BookmarkTarget[]; pages: number }> {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const rootRef = trailerRoot(latin1);
  try {
    if (!rootRef) throw new MissingObject('the trailer');
    const raw = RawObjects.index(bytes, latin1);
    const catalog = raw.dict(rootRef);
    if (!catalog) throw new MissingObject('the catalog');
    const pageIndexByRef = new Map(raw.pageRefs(catalog).map((ref, index) => [ref.toString(), index]));
    const targets: BookmarkTarget[] = [];
    const seen = new Set<string>();
    const visit = (first: PDFObject | undefined) => {
      for (let ref = first, entry = raw.dict(ref); entry && !(ref instanceof PDFRef && seen.has(ref.toString())); ref = entry.get(PDFName.of('Next')), entry = raw.dict(ref)) {
        if (ref instanceof PDFRef) seen.add(ref.toString());
        const title = raw.get(entry.get(PDFName.of('Title')));
        const target = raw.array(entry.get(PDFName.of('Dest')))?.get(0);
        targets.push({ title: title instanceof PDFString || title instanceof PDFHexString ? title.decodeText() : '', pageIndex: target instanceof PDFRef ? (pageIndexByRef.get(target.toString()) ?? -1) : -1 });
        visit(entry.get(PDFName.of('First')));
      }
    };
    visit(raw.dict(catalog.get(PDFName.of('Outlines')))?.get(PDFName.of('First')));
    return { targets, pages: pageIndexByRef.size };
  } catch (error) {
    if (!(error instanceof MissingObject)) throw error;
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: Infinity });
    return { targets: readOutline(doc), pages: doc.getPageCount() };
  }
}

export function renameBookmark(entry: OutlineEntry, title: string): void {
  entry.dict.set(PDFName.of('Title'), PDFHexString.fromText(title));
}

interface Heading {
  id: string | undefined;
  text: string;
  /** A part's anchor heading (class pack-anchor): the only headings the measuring print shows. */
  anchor: boolean;
}

/** The headings of an HTML document in order, as the outline shows them. */
export function headingsOf(html: string): Heading[] {
  return [...html.matchAll(/<h[1-6]\b([^>]*)>([\s\S]*?)<\/h[1-6]>/g)].map((match) => ({
    id: /\bid="([^"]+)"/.exec(match[1] ?? '')?.[1],
    text: normalise(decodeEntities((match[2] ?? '').replace(/<[^>]*>/g, ''))),
    anchor: /\bclass="[^"]*\bpack-anchor\b/.test(match[1] ?? ''),
  }));
}

/**
 * Pairs each heading with its bookmark. Chromium writes one bookmark per non-empty heading in
 * document order, so both are walked side by side and matched by text. The comparison ignores
 * whitespace because Chromium drops the space where a heading wraps onto a second line.
 */
export function matchHeadings<Entry extends BookmarkTarget>(html: string, outline: readonly Entry[], anchorsOnly = false): Array<{ heading: Heading; entry: Entry }> {
  const pairs: Array<{ heading: Heading; entry: Entry }> = [];
  let next = 0;
  for (const heading of headingsOf(html)) {
    if (anchorsOnly && !heading.anchor) continue;
    const key = compact(heading.text);
    if (key === '') continue;
    let at = next;
    while (at < outline.length && compact(outline[at]?.title ?? '') !== key) at += 1;
    const entry = outline[at];
    if (!entry) continue;
    pairs.push({ heading, entry });
    next = at + 1;
  }
  return pairs;
}

/**
 * The bookmark of every heading with an id. In the measuring print only the parts' anchor
 * headings are painted, so only they have bookmarks (`anchorsOnly`): matching the others would
 * pair a hidden heading with a later part's bookmark of the same title.
 */
export function anchorsInOutline<Entry extends BookmarkTarget>(html: string, outline: readonly Entry[], anchorsOnly = false): Map<string, Entry> {
  return new Map(matchHeadings(html, outline, anchorsOnly).flatMap(({ heading, entry }) => (heading.id ? [[heading.id, entry] as const] : [])));
}

/** Gives every bookmark its heading's exact text (see matchHeadings on wrapped headings). */
export function repairBookmarkTitles(html: string, outline: readonly OutlineEntry[]): void {
  for (const { heading, entry } of matchHeadings(html, outline)) {
    if (entry.title !== heading.text) renameBookmark(entry, heading.text);
  }
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (whole, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
    if (entity[0] !== '#') return named[entity.toLowerCase()] ?? whole;
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
  });
}
