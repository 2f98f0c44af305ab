import { PDFArray, PDFContext, PDFDict, PDFDocument, PDFHeader, PDFName, PDFObject, PDFObjectParser, PDFRef } from '@cantoo/pdf-lib';

/**
 * A PDF Chromium printed, opened for finishing with pdf-lib without parsing it whole: its
 * objects are read from their bytes when first looked up (the catalog, the pages, their
 * content and links, the bookmarks), and every object never looked up (fonts, images, the
 * hundreds of structure elements) is written back byte for byte when saved. Finishing a report
 * this way takes a fraction of the time of parsing and re-serialising every object (measured in
 * the README). Only a file stored as Chromium stores it (one classic cross-reference table,
 * objects not in object streams, no encryption or later updates) is opened so; any other is
 * parsed whole, as before.
 */
export async function openPrintedPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return openLazily(bytes) ?? PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: Infinity });
}

/** The document, or undefined when the file is not stored in the plain way this reads. */
export function openLazily(bytes: Uint8Array): PDFDocument | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const version = /^%PDF-(\d)\.(\d)/.exec(text);
  const startxref = text.lastIndexOf('startxref');
  if (!version || startxref < 0) return undefined;
  const xrefAt = Number(/^startxref\s+(\d+)/.exec(text.slice(startxref, startxref + 40))?.[1] ?? NaN);
  if (!Number.isInteger(xrefAt) || !text.startsWith('xref', xrefAt)) return undefined;
  const trailerAt = text.indexOf('trailer', xrefAt);
  if (trailerAt < 0 || trailerAt > startxref) return undefined;

  const context = PDFContext.create();
  let trailer: PDFObject;
  try {
    trailer = PDFObjectParser.forBytes(bytes.subarray(trailerAt + 'trailer'.length, startxref), context).parseObject();
  } catch {
    return undefined;
  }
  if (!(trailer instanceof PDFDict)) return undefined;
  const root = trailer.get(PDFName.of('Root'));
  // A later update, a second table or encryption: the whole parser handles those.
  if (!(root instanceof PDFRef) || ['Prev', 'XRefStm', 'Encrypt'].some((key) => trailer.has(PDFName.of(key)))) return undefined;

  const offsets = xrefOffsets(text.slice(xrefAt + 4, trailerAt));
  if (!offsets) return undefined;
  const placeholders = objectBodies(bytes, text, offsets, xrefAt);
  if (!placeholders) return undefined;

  const objects = new ObjectsReadWhenUsed(context);
  for (const [ref, body] of placeholders) objects.placeholder(ref, body);
  (context as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects = objects;
  // A loop, not Math.max(...): a large pack has more objects than a call takes arguments.
  let largest = 0;
  for (const [ref] of placeholders) largest = Math.max(largest, ref.objectNumber);
  context.largestObjectNumber = largest;
  context.header = PDFHeader.forVersion(Number(version[1]), Number(version[2]));
  const info = trailer.get(PDFName.of('Info'));
  const id = trailer.get(PDFName.of('ID'));
  context.trailerInfo = { Root: root, ...(info instanceof PDFRef ? { Info: info } : {}), ...(id instanceof PDFArray ? { ID: id } : {}) };
  try {
    // pdf-lib builds a document only from a file it parsed itself; its constructor takes the context as it would.
    const Document = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
    return new Document(context, false, false);
  } catch {
    return undefined;
  }
}

/** Object number and generation → offset, from the table's "offset generation n" entries. */
function xrefOffsets(table: string): Map<string, { ref: PDFRef; offset: number }> | undefined {
  const tokens = table.trim().split(/\s+/);
  const found = new Map<string, { ref: PDFRef; offset: number }>();
  for (let at = 0; at < tokens.length; ) {
    const first = Number(tokens[at]);
    const count = Number(tokens[at + 1]);
    if (!Number.isInteger(first) || !Number.isInteger(count) || at + 2 + count * 3 > tokens.length) return undefined;
    at += 2;
    for (let index = 0; index < count; index++, at += 3) {
      if (tokens[at + 2] !== 'n') continue;
      const ref = PDFRef.of(first + index, Number(tokens[at + 1]));
      found.set(`${ref.objectNumber} ${ref.generationNumber}`, { ref, offset: Number(tokens[at]) });
    }
  }
  return found;
}

/** Each object's bytes between "N G obj" and "endobj", checked against the table; undefined if any is not where it says. */
function objectBodies(bytes: Uint8Array, text: string, offsets: Map<string, { ref: PDFRef; offset: number }>, xrefAt: number): Array<[PDFRef, Uint8Array]> | undefined {
  const sorted = [...offsets.values()].sort((a, b) => a.offset - b.offset);
  const bodies: Array<[PDFRef, Uint8Array]> = [];
  for (const [index, { ref, offset }] of sorted.entries()) {
    const end = sorted[index + 1]?.offset ?? xrefAt;
    const header = `${ref.objectNumber} ${ref.generationNumber} obj`;
    if (!text.startsWith(header, offset)) return undefined;
    const endobj = text.lastIndexOf('endobj', end - 6);
    const start = offset + header.length;
    if (endobj < start) return undefined;
    bodies.push([ref, trimWhitespace(bytes, start, endobj)]);
  }
  return bodies;
}

function trimWhitespace(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
  while (start < end && isSpace(bytes[start])) start++;
  while (end > start && isSpace(bytes[end - 1])) end--;
  return bytes.subarray(start, end);
}

/** An object not yet looked up: written back as the bytes it was read from. */
class UnreadObject extends PDFObject {
  constructor(readonly body: Uint8Array) {
    super();
  }
  override clone(): PDFObject {
    return new UnreadObject(this.body);
  }
  override toString(): string {
    return Buffer.from(this.body).toString('latin1');
  }
  override sizeInBytes(): number {
    return this.body.length;
  }
  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    buffer.set(this.body, offset);
    return this.body.length;
  }
}

/** pdf-lib's table of objects, reading each from its bytes when it is first looked up. */
class ObjectsReadWhenUsed extends Map<PDFRef, PDFObject> {
  constructor(private readonly context: PDFContext) {
    super();
  }

  placeholder(ref: PDFRef, body: Uint8Array): void {
    super.set(ref, new UnreadObject(body));
  }

  override get(ref: PDFRef): PDFObject | undefined {
    const object = super.get(ref);
    if (!(object instanceof UnreadObject)) return object;
    const parsed = PDFObjectParser.forBytes(object.body, this.context).parseObject();
    super.set(ref, parsed);
    return parsed;
  }
}
