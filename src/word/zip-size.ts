import { createInflateRaw } from 'node:zlib';

/** How much a ZIP file (a .docx) may expand to, counted as it is expanded. */
export interface ZipLimits {
  /** Every part together. */
  maxBytes: number;
  /** The parts that are not media (the document's XML: what the Word reader holds and walks). */
  maxTextBytes: number;
  maxEntries: number;
}

export type ZipExpansion = { ok: true; entries: number; bytes: number } | { ok: false; message: string };

/** Media a document carries (pictures, embedded files): large, but passed through, never parsed as text. */
const MEDIA = /^word\/(media|embeddings)\//;

/**
 * Whether a part is text the Word reader walks: any part outside the media folders, and any
 * part whose bytes begin as XML does, wherever it is (a relationship could make a "picture" the
 * document), so the text limit holds by what a part is, not only by its name.
 */
function isText(name: string, start: Uint8Array): boolean {
  if (!MEDIA.test(name)) return true;
  const text = Buffer.from(start.subarray(0, 64))
    .toString('latin1')
    .replace(/^(\xef\xbb\xbf|\xfe\xff|\xff\xfe|\s)+/, '');
  return text.startsWith('<') || text.replace(/\0/g, '').startsWith('<');
}

/**
 * What a ZIP file really expands to: every part is inflated and its bytes counted (and thrown
 * away) as they come, stopping at the first limit. The sizes a ZIP's directory declares are not
 * trusted: a file that understates them (a "zip bomb" in disguise) would otherwise pass a check
 * of what it says and take gigabytes of memory in the Word reader. Memory stays at one chunk;
 * time is bounded by the limits.
 */
export async function measureZipExpansion(bytes: Uint8Array, limits: ZipLimits): Promise<ZipExpansion> {
  const damaged: ZipExpansion = { ok: false, message: 'the Word document is damaged (its table of contents cannot be read); open it in Word and save it again' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = endOfCentralDirectory(view);
  if (!end) return damaged;
  if (end.entries > limits.maxEntries) return { ok: false, message: `the Word document has ${end.entries} parts; at most ${limits.maxEntries} are read` };
  let total = 0;
  let text = 0;
  let position = end.offset;
  for (let entry = 0; entry < end.entries; entry++) {
    if (position + 46 > bytes.length || view.getUint32(position, true) !== 0x02014b50) return damaged;
    const method = view.getUint16(position + 10, true);
    const compressed = view.getUint32(position + 20, true);
    const nameLength = view.getUint16(position + 28, true);
    const local = view.getUint32(position + 42, true);
    const name = Buffer.from(bytes.subarray(position + 46, position + 46 + nameLength)).toString('utf8');
    position += 46 + nameLength + view.getUint16(position + 30, true) + view.getUint16(position + 32, true);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) return damaged;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressed > bytes.length) return damaged;
    const data = bytes.subarray(start, start + compressed);
    // The most this part may still produce before a limit is passed, once its first bytes say what it is.
    const allowance = (first: Uint8Array) => Math.min(limits.maxBytes - total, isText(name, first) ? limits.maxTextBytes - text : Number.POSITIVE_INFINITY);
    const inflated = method === 0 ? { produced: data.length, first: data.subarray(0, 64) } : method === 8 ? await inflatedSize(data, allowance) : undefined;
    if (inflated === undefined) return { ok: false, message: `the Word document stores a part (${name}) in a way Word does not write (method ${method}); open it in Word and save it again` };
    if (inflated === 'damaged') return damaged;
    total += inflated.produced;
    if (isText(name, inflated.first)) text += inflated.produced;
    if (total > limits.maxBytes || text > limits.maxTextBytes) {
      const [what, limit] = text > limits.maxTextBytes ? ['its text and layout', limits.maxTextBytes] : ['its parts', limits.maxBytes];
      return { ok: false, message: `the Word document expands past ${limit / 2 ** 20} MiB (${what}), more than any report needs; it was not read (save it again without what makes it so large, or split it)` };
    }
  }
  return { ok: true, entries: end.entries, bytes: total };
}

/** The end-of-central-directory record: in the last 64 KiB + 22 bytes (its comment is at most 64 KiB). */
function endOfCentralDirectory(view: DataView): { entries: number; offset: number } | undefined {
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 65_557); at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const entries = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 12, true);
    const offset = view.getUint32(at + 16, true);
    return offset + size > view.byteLength ? undefined : { entries, offset };
  }
  return undefined;
}

/**
 * Bytes a deflated part expands to, counted chunk by chunk, with its first bytes; stops as soon
 * as it passes the allowance its first bytes give (returning a count above it), 'damaged' when
 * the data is not deflate.
 */
function inflatedSize(data: Uint8Array, allowanceFor: (first: Uint8Array) => number): Promise<{ produced: number; first: Uint8Array } | 'damaged'> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw();
    let produced = 0;
    let first: Uint8Array = new Uint8Array();
    let allowance = Number.POSITIVE_INFINITY;
    inflate.on('data', (chunk: Buffer) => {
      if (produced === 0) {
        first = new Uint8Array(chunk.subarray(0, 64));
        allowance = allowanceFor(first);
      }
      produced += chunk.length;
      if (produced > allowance) {
        inflate.destroy();
        resolve({ produced, first });
      }
    });
    inflate.on('end', () => resolve({ produced, first }));
    inflate.on('error', () => resolve('damaged'));
    inflate.end(data);
  });
}
