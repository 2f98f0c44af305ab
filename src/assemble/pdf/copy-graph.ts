import { PDFArray, PDFDict, PDFName, PDFNull, PDFRawStream, PDFRef, PDFStream, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';

/**
 * Copies objects from one PDF into another, following references. Unlike pdf-lib's own copier
 * it can be told in advance what a reference becomes (a source page → its new page, the
 * source's structure root → the element that receives it, a dropped annotation → null), so a
 * link to another page or a tag's parent never drags the donor's whole page tree along. It
 * works from a queue rather than by recursion, so long bookmark chains and deep tag trees
 * cannot exhaust the stack, and streams keep their encoded bytes (nothing is re-compressed).
 */
export class GraphCopier {
  private readonly mapped = new Map<PDFRef, PDFObject>();
  private readonly queue: Array<[PDFRef, PDFRef]> = [];

  constructor(
    private readonly source: PDFContext,
    private readonly target: PDFContext,
  ) {}

  /** Says what a source reference becomes in the target (a new reference, or PDFNull to drop it). */
  map(sourceRef: PDFRef, becomes: PDFRef | typeof PDFNull): void {
    this.mapped.set(sourceRef, becomes);
  }

  /** Copies a value; every reference it holds is copied (once) when `drain` runs. */
  copy(value: PDFObject): PDFObject {
    if (value instanceof PDFRef) return this.copyRef(value);
    if (value instanceof PDFRawStream) return PDFRawStream.of(this.copyDict(value.dict), value.contents);
    if (value instanceof PDFStream) return PDFRawStream.of(this.copyDict(value.dict), value.getContents());
    if (value instanceof PDFDict) return this.copyDict(value);
    if (value instanceof PDFArray) {
      const array = PDFArray.withContext(this.target);
      for (const item of value.asArray()) array.push(this.copy(item));
      return array;
    }
    return value;
  }

  /** Copies a dictionary (direct or looked up), skipping the given keys. */
  copyDict(dict: PDFDict, skip: readonly string[] = []): PDFDict {
    const copied = PDFDict.withContext(this.target);
    for (const [key, value] of dict.entries()) {
      if (skip.length > 0 && skip.includes(key.decodeText())) continue;
      copied.set(key, this.copy(value));
    }
    return copied;
  }

  /** Copies every object queued so far, and whatever those refer to. */
  drain(): void {
    for (let next = this.queue.pop(); next; next = this.queue.pop()) {
      const [sourceRef, targetRef] = next;
      const object = this.source.lookup(sourceRef);
      this.target.assign(targetRef, object === undefined ? PDFNull : this.copy(object));
    }
  }

  private copyRef(ref: PDFRef): PDFObject {
    const known = this.mapped.get(ref);
    if (known) return known;
    const object = this.source.lookup(ref);
    // A page that is not being copied: a link or bookmark to it points nowhere in the pack.
    if (object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Page')) {
      this.mapped.set(ref, PDFNull);
      return PDFNull;
    }
    const targetRef = this.target.nextRef();
    this.mapped.set(ref, targetRef);
    this.queue.push([ref, targetRef]);
    return targetRef;
  }
}
