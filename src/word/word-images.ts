/** An embedded image as Word takes it: its bytes, kind and size in pixels (at most the text width). */
export interface WordImage {
  type: 'png' | 'jpg' | 'gif';
  data: Buffer;
  size: { width: number; height: number };
}

/** Text width of an A4 page with 2.5 cm margins, in CSS pixels (96 per inch): wider images are scaled down to it. */
const TEXT_WIDTH_PX = 604;

const TYPES: Record<string, WordImage['type']> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif' };

/**
 * The image of a data: URI (as embedded when the report was loaded), sized from its own header;
 * undefined for a kind Word cannot show inline (WebP), which then appears as its alt text.
 */
export function imageForWord(dataUri: string | undefined): WordImage | undefined {
  const match = dataUri?.match(/^data:([^;,]+);base64,(.*)$/s);
  const type = match ? TYPES[match[1] as string] : undefined;
  if (!match || !type) return undefined;
  const data = Buffer.from(match[2] as string, 'base64');
  const natural = pixelSize(data, type);
  if (!natural) return undefined;
  const scale = Math.min(1, TEXT_WIDTH_PX / natural.width);
  return { type, data, size: { width: Math.round(natural.width * scale), height: Math.round(natural.height * scale) } };
}

/** Width and height from a PNG, GIF or JPEG header. */
function pixelSize(data: Buffer, type: WordImage['type']): { width: number; height: number } | undefined {
  if (type === 'png' && data.length >= 24) return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  if (type === 'gif' && data.length >= 10) return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  if (type === 'jpg') {
    // The first start-of-frame marker (SOF0–SOF15, but not DHT, JPG or DAC) holds the size.
    for (let at = 2; at + 9 < data.length; ) {
      if (data[at] !== 0xff) return undefined;
      const marker = data[at + 1] as number;
      const length = data.readUInt16BE(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { width: data.readUInt16BE(at + 7), height: data.readUInt16BE(at + 5) };
      at += 2 + length;
    }
  }
  return undefined;
}
