import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface Bookmark {
  title: string;
  /** 0-based page index the bookmark points at. */
  pageIndex: number;
  children: Bookmark[];
}

export interface PdfReading {
  pageCount: number;
  /** Text of each page, lines joined by spaces. */
  pages: string[];
  /** Text items of each page with their position (PDF points, origin bottom left) and drawn size (font size × scale). */
  items: Array<Array<{ text: string; x: number; y: number; width: number; size: number; upright: boolean }>>;
  /** Width of each page in PDF points. */
  pageWidths: number[];
  /** Size of each page as shown (its rotation applied), in PDF points. */
  pageSizes: Array<{ width: number; height: number }>;
  /** The link annotations of each page: where each goes (a URL, or the 0-based page of the pack). */
  links: Array<Array<{ url?: string; pageIndex?: number; rect: number[]; contents: string }>>;
  /** Every annotation subtype on each page. */
  annotationTypes: string[][];
  /** The page labels a viewer shows (PageLabels), or null when the file has none. */
  pageLabels: string[] | null;
  bookmarks: Bookmark[];
  info: Record<string, unknown>;
  /** Whether the catalog has a structure tree (the file is tagged) and its top roles. */
  structureRoles: string[];
  language: string | undefined;
}

type PdfDocument = Awaited<ReturnType<typeof getDocument>['promise']>;
type Outline = Awaited<ReturnType<PdfDocument['getOutline']>>;

/** Reads a PDF the way a test needs it: text per page, bookmarks with page indexes, metadata, tags. */
export async function readPdf(fileOrBytes: string | Uint8Array): Promise<PdfReading> {
  const data = typeof fileOrBytes === 'string' ? new Uint8Array(await readFile(fileOrBytes)) : new Uint8Array(fileOrBytes);
  const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    const items: PdfReading['items'] = [];
    const pageWidths: number[] = [];
    const pageSizes: PdfReading['pageSizes'] = [];
    const links: PdfReading['links'] = [];
    const annotationTypes: string[][] = [];
    const structureRoles = new Set<string>();
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      pages.push(
        content.items
          // Items within a line carry their own spaces; only line ends need one added.
          .map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : ''))
          .join('')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      items.push(
        content.items.flatMap((item) =>
          'str' in item && item.str.trim() !== ''
            ? [
                {
                  text: item.str,
                  x: item.transform[4] as number,
                  y: item.transform[5] as number,
                  width: item.width,
                  size: Math.hypot(item.transform[0] as number, item.transform[1] as number),
                  upright: Math.abs(item.transform[1] as number) < 1e-6 && (item.transform[0] as number) > 0,
                },
              ]
            : [],
        ),
      );
      pageWidths.push(page.view[2] ?? 0);
      const viewport = page.getViewport({ scale: 1 });
      pageSizes.push({ width: viewport.width, height: viewport.height });
      const annotations = (await page.getAnnotations()) as Array<{ subtype: string; url?: string; dest?: unknown; rect: number[]; contentsObj?: { str?: string } }>;
      annotationTypes.push(annotations.map((annotation) => annotation.subtype));
      const pageLinks: PdfReading['links'][number] = [];
      for (const annotation of annotations.filter((candidate) => candidate.subtype === 'Link')) {
        const dest = typeof annotation.dest === 'string' ? await doc.getDestination(annotation.dest) : (annotation.dest as unknown[] | undefined);
        const ref = dest?.[0];
        const target = ref && typeof ref === 'object' ? await doc.getPageIndex(ref as Parameters<PdfDocument['getPageIndex']>[0]) : undefined;
        pageLinks.push({ ...(annotation.url ? { url: annotation.url } : {}), ...(target === undefined ? {} : { pageIndex: target }), rect: annotation.rect, contents: annotation.contentsObj?.str ?? '' });
      }
      links.push(pageLinks);
      const tree = (await page.getStructTree()) as { children?: Array<{ role?: string; children?: Array<{ role?: string }> }> } | null;
      collectRoles(tree, structureRoles);
    }
    const bookmarks = await resolveOutline(doc, await doc.getOutline());
    const metadata = await doc.getMetadata();
    const markInfo = await doc.getMarkInfo();
    return {
      pageCount: doc.numPages,
      pages,
      items,
      pageWidths,
      pageSizes,
      links,
      annotationTypes,
      pageLabels: await doc.getPageLabels(),
      bookmarks,
      info: { ...(metadata.info as Record<string, unknown>), marked: markInfo?.Marked ?? false },
      structureRoles: [...structureRoles],
      language: (metadata.info as { Language?: string }).Language,
    };
  } finally {
    await doc.destroy();
  }
}

/** What a test of a long PDF reads from it, page by page as asked: see readLongPdf. */
export interface LongPdf {
  pageCount: number;
  pageLabels: () => Promise<string[] | null>;
  bookmarks: () => Promise<Bookmark[]>;
  /** Text of one page (0-based), lines joined by spaces, as readPdf gives it. */
  text: (pageIndex: number) => Promise<string>;
}

/**
 * Opens a long PDF for `read`, which asks only for what it checks: reading the text of every
 * page of a 1,200-page pack, as readPdf does, costs seconds a test of its size does not need.
 */
export async function readLongPdf<T>(file: string, read: (pdf: LongPdf) => Promise<T>): Promise<T> {
  const doc = await getDocument({ data: new Uint8Array(await readFile(file)), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    return await read({ pageCount: doc.numPages, pageLabels: () => doc.getPageLabels(), bookmarks: async () => resolveOutline(doc, await doc.getOutline()), text: (index) => pageText(doc, index) });
  } finally {
    await doc.destroy();
  }
}

async function pageText(doc: PdfDocument, pageIndex: number): Promise<string> {
  const content = await (await doc.getPage(pageIndex + 1)).getTextContent();
  return content.items
    .map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function collectRoles(node: unknown, roles: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  const { role, children } = node as { role?: string; children?: unknown[] };
  if (role) roles.add(role);
  for (const child of children ?? []) collectRoles(child, roles);
}

async function resolveOutline(doc: PdfDocument, outline: Outline): Promise<Bookmark[]> {
  const out: Bookmark[] = [];
  for (const item of outline ?? []) {
    let pageIndex = -1;
    const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
    const ref = dest?.[0];
    if (ref && typeof ref === 'object') pageIndex = await doc.getPageIndex(ref as Parameters<PdfDocument['getPageIndex']>[0]);
    else if (typeof ref === 'number') pageIndex = ref;
    out.push({ title: item.title, pageIndex, children: await resolveOutline(doc, item.items) });
  }
  return out;
}

export function flattenBookmarks(bookmarks: readonly Bookmark[]): Bookmark[] {
  return bookmarks.flatMap((bookmark) => [bookmark, ...flattenBookmarks(bookmark.children)]);
}

/**
 * The lines of text in a band of a page (below `maxY` points from the bottom), each line's
 * pieces joined left to right: a footer's "Page" and "12" may be separate pieces of text.
 */
export function linesBelow(pdf: PdfReading, pageIndex: number, maxY: number): string[] {
  const lines = new Map<number, Array<{ x: number; width: number; text: string }>>();
  for (const item of pdf.items[pageIndex] ?? []) {
    if (item.y >= maxY) continue;
    const key = Math.round(item.y);
    const line = lines.get(key) ?? [];
    line.push({ x: item.x, width: item.width, text: item.text });
    lines.set(key, line);
  }
  return [...lines.values()].flatMap((line) => {
    // Pieces more than a few points apart are separate marks on the same line (left, centre, right).
    const sorted = line.sort((a, b) => a.x - b.x);
    const marks: string[] = [];
    let previousEnd = -Infinity;
    for (const piece of sorted) {
      const joined = piece.x - previousEnd < 6 && marks.length > 0;
      if (joined) marks[marks.length - 1] += ` ${piece.text.trim()}`;
      else marks.push(piece.text.trim());
      previousEnd = piece.x + piece.width;
    }
    return marks.map((mark) => mark.replace(/\s+/g, ' ').trim());
  });
}
