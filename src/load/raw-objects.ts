import { PDFArray, PDFContext, PDFDict, PDFName, PDFObjectParser, PDFRef, type PDFObject } from '@cantoo/pdf-lib';
import { runQpdf } from './qpdf.js';

/**
 * Reads single objects of a PDF straight from its bytes, found by their "N G obj" markers, so a
 * few objects (the catalog, the bookmarks, the page tree) can be read without parsing the whole
 * file. Objects packed in compressed object streams are not found here: a lookup that fails
 * throws MissingObject, and the caller asks qpdf instead.
 */
export class RawObjects {
  private readonly context = PDFContext.create();
  private readonly cache = new Map<string, PDFObject>();

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly offsets: ReadonlyMap<string, number>,
  ) {}

  /**
   * Indexes every object marker ("12 0 obj"); the last one of a number wins, as in an
   * incrementally updated file. Found with indexOf and read backwards: a regular expression over
   * a whole 14 MB file cost 100 ms whenever V8 ran it interpreted, as it does at first (measured).
   */
  static index(bytes: Uint8Array, latin1: string): RawObjects {
    const offsets = new Map<string, number>();
    for (let at = latin1.indexOf('obj'); at >= 0; at = latin1.indexOf('obj', at + 3)) {
      const marker = objectMarkerBefore(latin1, at);
      if (marker) offsets.set(marker, at + 3);
    }
    return new RawObjects(bytes, offsets);
  }

  /** The object a reference names (a direct value is returned as it is). */
  get(value: PDFObject | undefined): PDFObject | undefined {
    if (!(value instanceof PDFRef)) return value;
    const key = `${value.objectNumber} ${value.generationNumber}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const offset = this.offsets.get(key);
    if (offset === undefined) throw new MissingObject(key);
    const object = PDFObjectParser.forBytes(this.bytes.subarray(offset, Math.min(this.bytes.length, offset + 1_000_000)), this.context).parseObject();
    this.cache.set(key, object);
    return object;
  }

  dict(value: PDFObject | undefined): PDFDict | undefined {
    const object = this.get(value);
    return object instanceof PDFDict ? object : undefined;
  }

  array(value: PDFObject | undefined): PDFArray | undefined {
    const object = this.get(value);
    return object instanceof PDFArray ? object : undefined;
  }

  /** A page's attribute, or its nearest ancestor's (MediaBox, CropBox, Rotate and Resources are inherited). */
  inherited(page: PDFRef, key: string): PDFObject | undefined {
    let node: PDFObject | undefined = page;
    for (let depth = 0; depth < 64 && node !== undefined; depth++) {
      const dict = this.dict(node);
      if (!dict) return undefined;
      const value = dict.get(PDFName.of(key));
      if (value !== undefined) return value;
      node = dict.get(PDFName.of('Parent'));
    }
    return undefined;
  }

  /** The pages in order, by walking the page tree from the catalog. */
  pageRefs(catalog: PDFDict): PDFRef[] {
    const pages: PDFRef[] = [];
    const seen = new Set<string>();
    const visit = (node: PDFObject | undefined, depth: number) => {
      if (!(node instanceof PDFRef) || depth > 64 || seen.has(node.toString())) return;
      seen.add(node.toString());
      const dict = this.dict(node);
      if (!dict) return;
      if (dict.get(PDFName.of('Type')) === PDFName.of('Page')) pages.push(node);
      else for (const kid of this.array(dict.get(PDFName.of('Kids')))?.asArray() ?? []) visit(kid, depth + 1);
    };
    visit(catalog.get(PDFName.of('Pages')), 0);
    return pages;
  }
}

export class MissingObject extends Error {
  constructor(key: string) {
    super(`object ${key} is not stored plainly in the file`);
  }
}

/** The catalog's reference, from the last trailer (or cross-reference stream) of the file. */
export function trailerRoot(latin1: string): PDFRef | undefined {
  const root = [...latin1.slice(-65536).matchAll(/\/Root\s+(\d+)\s+(\d+)\s+R/g)].pop();
  return root ? PDFRef.of(Number(root[1]), Number(root[2])) : undefined;
}

/**
 * Reads single objects through `qpdf --show-object`, for a file whose objects are compressed:
 * one qpdf run an object, at most `limit` runs. A direct value is returned as it is.
 */
export function qpdfObjects(original: Uint8Array, timeoutMs: number, limit = 500): (value: PDFObject | undefined) => Promise<PDFObject | undefined> {
  const context = PDFContext.create();
  let fetched = 0;
  return async (value) => {
    if (!(value instanceof PDFRef)) return value;
    if (fetched++ > limit) return undefined;
    const shown = await runQpdf(original, (input) => [`--show-object=${value.objectNumber},${value.generationNumber}`, input], timeoutMs);
    if (shown.status !== 0 && shown.status !== 3) return undefined;
    try {
      return PDFObjectParser.forBytes(new Uint8Array(shown.stdout), context).parseObject();
    } catch {
      return undefined;
    }
  };
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
/** As \w; NaN (past the end) is not one. */
const isWordCharacter = (code: number) => isDigit(code) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;

/** "N G" when the "obj" at `at` ends an object marker "N G obj" (as /(?<!\d)(\d{1,10})\s+(\d{1,5})\s+obj\b/). */
function objectMarkerBefore(text: string, at: number): string | undefined {
  if (isWordCharacter(text.charCodeAt(at + 3))) return undefined;
  let index = at - 1;
  const skipSpaces = () => {
    const end = index;
    while (index >= 0 && isSpace(text.charCodeAt(index))) index -= 1;
    return end - index;
  };
  const digits = (most: number) => {
    const end = index;
    while (index >= 0 && isDigit(text.charCodeAt(index)) && end - index < most + 1) index -= 1;
    return text.slice(index + 1, end + 1);
  };
  if (skipSpaces() === 0) return undefined;
  const generation = digits(5);
  if (generation.length === 0 || generation.length > 5) return undefined;
  if (skipSpaces() === 0) return undefined;
  const number = digits(10);
  if (number.length === 0 || number.length > 10) return undefined;
  return `${Number(number)} ${Number(generation)}`;
}
