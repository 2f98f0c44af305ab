import { createInflate, crc32 } from 'node:zlib';

/** The image kinds embedded, by their content. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** Larger pictures are refused: a small file can claim a size that no page needs and no browser can hold. */
export const MAX_IMAGE_PIXELS = 100_000_000;

/**
 * Why an image's content would not show, or undefined when it is whole. A PNG is decoded: every
 * chunk's CRC checked, its pixel data inflated (zlib's own checksum checked) and measured against
 * its header's size, each row's filter checked. A JPEG's markers are walked from start to end
 * (a frame with its size, a scan, the end marker); a GIF's blocks and a WebP's chunks are walked
 * to their end, sizes read from their headers. Each reason completes "the image … ".
 */
export async function imageDamage(bytes: Buffer, type: ImageType): Promise<string | undefined> {
  try {
    if (type === 'image/png') return await pngDamage(bytes);
    if (type === 'image/jpeg') return jpegDamage(bytes);
    if (type === 'image/gif') return gifDamage(bytes);
    return webpDamage(bytes);
  } catch (error) {
    // A read past the end of the buffer: the file stops part-way.
    if (error instanceof RangeError) return TRUNCATED;
    throw error;
  }
}

const TRUNCATED = 'is incomplete: the file stops part-way through (it may not have finished copying); save or export it again';
const damaged = (what: string) => `is damaged (${what}); save or export it again`;

function sizeDamage(width: number, height: number): string | undefined {
  if (width === 0 || height === 0) return damaged(`its header gives a size of ${width} × ${height} pixels`);
  if (width * height > MAX_IMAGE_PIXELS) return `is ${width} × ${height} pixels, more than the ${MAX_IMAGE_PIXELS / 1_000_000} million a report can show; make it smaller`;
  return undefined;
}

/** PNG bits per pixel by colour type, for each allowed bit depth. */
const PNG_CHANNELS: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

/** Adam7: each pass's first column and row, and its steps. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

async function pngDamage(bytes: Buffer): Promise<string | undefined> {
  const idat: Buffer[] = [];
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  let palette = false;
  let ended = false;
  let lastIdat = -1;
  let index = 0;
  for (let at = 8; !ended; index++) {
    if (at + 12 > bytes.length) return TRUNCATED;
    const length = bytes.readUInt32BE(at);
    const name = bytes.toString('latin1', at + 4, at + 8);
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(name)) return damaged(`a chunk at byte ${at} is not a PNG chunk`);
    if (at + 12 + length > bytes.length) return TRUNCATED;
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== bytes.readUInt32BE(at + 8 + length)) return damaged(`its ${name} chunk fails its checksum`);
    if (index === 0 && name !== 'IHDR') return damaged('it does not start with its header (IHDR)');
    if (name === 'IHDR') {
      if (index !== 0 || length !== 13) return damaged('its header (IHDR) is malformed');
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8] as number, colour: data[9] as number, interlace: data[12] as number };
      const kind = PNG_CHANNELS[header.colour];
      if (!kind?.depths.includes(header.depth) || data[10] !== 0 || data[11] !== 0 || header.interlace > 1) return damaged('its header (IHDR) names an unknown kind of PNG');
      const size = sizeDamage(header.width, header.height);
      if (size) return size;
    } else if (name === 'PLTE') {
      palette = true;
    } else if (name === 'IDAT') {
      if (lastIdat >= 0 && lastIdat !== index - 1) return damaged('its image data (IDAT) is split by other chunks');
      lastIdat = index;
      idat.push(data);
    } else if (name === 'IEND') {
      ended = true;
    }
    at += 12 + length;
  }
  if (!header) return damaged('it has no header (IHDR)');
  if (header.colour === 3 && !palette) return damaged('its colours refer to a palette (PLTE) it does not have');
  if (idat.length === 0) return damaged('it has no image data (IDAT)');
  return inflatedDamage(idat, header);
}

/** Inflates a PNG's image data as it streams (never holding it), checking its length and row filters. */
async function inflatedDamage(idat: Buffer[], header: { width: number; height: number; depth: number; colour: number; interlace: number }): Promise<string | undefined> {
  const bitsPerPixel = (PNG_CHANNELS[header.colour]?.channels ?? 1) * header.depth;
  const rows: Array<{ count: number; stride: number }> = [];
  for (const [x0, y0, dx, dy] of header.interlace === 1 ? ADAM7 : [[0, 0, 1, 1] as const]) {
    const width = Math.ceil((header.width - x0) / dx);
    const count = Math.ceil((header.height - y0) / dy);
    if (width > 0 && count > 0) rows.push({ count, stride: 1 + Math.ceil((width * bitsPerPixel) / 8) });
  }
  const expected = rows.reduce((sum, pass) => sum + pass.count * pass.stride, 0);
  let pass = 0;
  let row = 0;
  let inRow = 0;
  let total = 0;
  return new Promise((resolve) => {
    const inflate = createInflate();
    let settled = false;
    const finish = (result: string | undefined) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(result);
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > expected) return finish(damaged('it holds more image data than its size needs'));
      for (let at = 0; at < chunk.length; ) {
        const current = rows[pass] as { count: number; stride: number };
        if (inRow === 0 && (chunk[at] as number) > 4) return finish(damaged(`row ${row + 1} of its image data has an unknown filter`));
        const step = Math.min(current.stride - inRow, chunk.length - at);
        at += step;
        inRow += step;
        if (inRow === current.stride) {
          inRow = 0;
          row += 1;
          if (row === current.count) {
            row = 0;
            pass += 1;
          }
        }
      }
    });
    inflate.on('error', (error: Error & { code?: string }) => finish(error.code === 'Z_BUF_ERROR' ? TRUNCATED : damaged('its image data cannot be decompressed')));
    inflate.on('end', () => finish(total < expected ? damaged('its image data stops before the image is complete') : undefined));
    for (const data of idat) inflate.write(data);
    inflate.end();
  });
}

function jpegDamage(bytes: Buffer): string | undefined {
  let frame = false;
  let scan = false;
  for (let at = 2; ; ) {
    if (at >= bytes.length) return TRUNCATED;
    if (bytes[at] !== 0xff) return damaged(`byte ${at} is not a JPEG marker`);
    // Fill bytes (0xFF) may come before a marker.
    while (bytes[at + 1] === 0xff) at += 1;
    if (at + 1 >= bytes.length) return TRUNCATED;
    const marker = bytes[at + 1] as number;
    at += 2;
    if (marker === 0xd9) {
      if (!frame) return damaged('it has no frame (SOF) giving its size');
      if (!scan) return damaged('it has no image data (SOS)');
      return undefined;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0x00 || marker === 0xd8) return damaged(`byte ${at - 2} is not a JPEG marker`);
    const length = bytes.readUInt16BE(at);
    if (length < 2) return damaged(`its marker at byte ${at - 2} has a length of ${length}`);
    if (at + length > bytes.length) return TRUNCATED;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const components = bytes[at + 7] as number;
      if (length < 8 || components === 0 || length !== 8 + 3 * components) return damaged('its frame (SOF) is malformed');
      const size = sizeDamage(bytes.readUInt16BE(at + 5), bytes.readUInt16BE(at + 3));
      if (size) return size;
      frame = true;
    }
    at += length;
    if (marker === 0xda) {
      if (!frame) return damaged('its image data (SOS) comes before its frame (SOF)');
      scan = true;
      // The entropy-coded data runs to the next marker: 0xFF not followed by 0x00 (a stuffed byte) or a restart marker.
      for (;;) {
        const next = bytes.indexOf(0xff, at);
        if (next < 0 || next + 1 >= bytes.length) return TRUNCATED;
        const following = bytes[next + 1] as number;
        if (following === 0x00 || (following >= 0xd0 && following <= 0xd7)) at = next + 2;
        else {
          at = next;
          break;
        }
      }
    }
  }
}

function gifDamage(bytes: Buffer): string | undefined {
  const screen = sizeDamage(bytes.readUInt16LE(6), bytes.readUInt16LE(8));
  if (screen) return screen;
  const flags = bytes[10] as number;
  let at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  let images = 0;
  /** A run of sub-blocks, ending at its empty one (or, `open`, at the end of the file). */
  const blocks = (): { data: Buffer; open: boolean } => {
    const parts: Buffer[] = [];
    for (;;) {
      if (at >= bytes.length) return { data: Buffer.concat(parts), open: true };
      const size = bytes[at] as number;
      if (size === 0) {
        at += 1;
        return { data: Buffer.concat(parts), open: false };
      }
      parts.push(bytes.subarray(at + 1, at + 1 + size));
      at += 1 + size;
    }
  };
  for (;;) {
    // A file that ends after a whole frame, without its trailer, still shows in every browser.
    if (at >= bytes.length) return images === 0 ? TRUNCATED : undefined;
    const block = bytes[at];
    if (block === 0x3b) return images === 0 ? damaged('it holds no image') : undefined;
    if (block === 0x21) {
      at += 2;
      if (blocks().open) return TRUNCATED;
    } else if (block === 0x2c) {
      if (at + 10 > bytes.length) return TRUNCATED;
      const width = bytes.readUInt16LE(at + 5);
      const height = bytes.readUInt16LE(at + 7);
      if (width === 0 || height === 0) return damaged(`a frame's size is ${width} × ${height} pixels`);
      const local = bytes[at + 9] as number;
      at += 10 + (local & 0x80 ? 3 * 2 ** ((local & 0x07) + 1) : 0);
      if (at >= bytes.length) return TRUNCATED;
      const codeSize = bytes[at] as number;
      if (codeSize < 1 || codeSize > 11) return damaged(`a frame's code size is ${codeSize}`);
      at += 1;
      const pixels = lzwPixels(blocks().data, codeSize);
      if (pixels === undefined) return damaged('a frame’s image data cannot be decompressed');
      if (pixels < width * height) return TRUNCATED;
      images += 1;
    } else {
      return damaged(`byte ${at} is not a GIF block`);
    }
  }
}

/** How many pixels a GIF frame's LZW data decodes to (counted, not kept), or undefined for a code no encoder writes. */
function lzwPixels(data: Buffer, minimum: number): number | undefined {
  const clear = 1 << minimum;
  const lengths = new Uint32Array(4096);
  lengths.fill(1, 0, clear);
  let size = minimum + 1;
  let next = clear + 2;
  let previous = -1;
  let pixels = 0;
  let bits = 0;
  let buffer = 0;
  for (let at = 0; ; ) {
    while (bits < size && at < data.length) {
      buffer |= (data[at++] as number) << bits;
      bits += 8;
    }
    if (bits < size) return pixels;
    const code = buffer & ((1 << size) - 1);
    buffer >>>= size;
    bits -= size;
    if (code === clear) {
      size = minimum + 1;
      next = clear + 2;
      previous = -1;
      continue;
    }
    if (code === clear + 1) return pixels;
    if (previous < 0) {
      if (code > clear) return undefined;
      pixels += 1;
      previous = code;
      continue;
    }
    if (code > next || (code === next && next >= 4096)) return undefined;
    const added = (lengths[previous] as number) + 1;
    pixels += code === next ? added : (lengths[code] as number);
    if (next < 4096) {
      lengths[next] = added;
      next += 1;
      if (next === 1 << size && size < 12) size += 1;
    }
    previous = code;
  }
}

function webpDamage(bytes: Buffer): string | undefined {
  const end = 8 + bytes.readUInt32LE(4);
  if (end > bytes.length) return TRUNCATED;
  let image = false;
  for (let at = 12; at < end; ) {
    if (at + 8 > end) return TRUNCATED;
    const name = bytes.toString('latin1', at, at + 4);
    const length = bytes.readUInt32LE(at + 4);
    const data = at + 8;
    if (data + length > end) return TRUNCATED;
    if (at === 12 && name !== 'VP8 ' && name !== 'VP8L' && name !== 'VP8X') return damaged('it does not start with a WebP image chunk');
    if (name === 'VP8 ') {
      if (length < 10 || (bytes[data] as number) & 1 || bytes.readUIntBE(data + 3, 3) !== 0x9d012a) return damaged('its image (VP8) is malformed');
      const size = sizeDamage(bytes.readUInt16LE(data + 6) & 0x3fff, bytes.readUInt16LE(data + 8) & 0x3fff);
      if (size) return size;
      image = true;
    } else if (name === 'VP8L') {
      if (length < 5 || bytes[data] !== 0x2f) return damaged('its image (VP8L) is malformed');
      const bits = bytes.readUInt32LE(data + 1);
      const size = sizeDamage((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
      if (size) return size;
      image = true;
    } else if (name === 'VP8X') {
      if (length < 10) return damaged('its header (VP8X) is malformed');
      const size = sizeDamage(bytes.readUIntLE(data + 4, 3) + 1, bytes.readUIntLE(data + 7, 3) + 1);
      if (size) return size;
    } else if (name === 'ANMF') {
      image = true;
    }
    at = data + length + (length & 1);
  }
  return image ? undefined : damaged('it holds no image');
}
