import { inflateSync } from 'node:zlib';

/**
 * Every stream of a PDF inflated, plus the file itself, as one latin1 string: enough to search
 * for a phrase in metadata, bookmarks, tags and attachments, in single-byte or UTF-16 form.
 */
export function searchablePdfBytes(pdf: Buffer): string {
  const chunks = [pdf.toString('latin1')];
  const text = chunks[0] as string;
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      chunks.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // Not a Flate stream (or an image): its raw bytes are already in the first chunk.
    }
  }
  return chunks.join('\n');
}

export function containsPhrase(haystack: string, phrase: string): boolean {
  const utf16 = Buffer.from(phrase, 'utf16le').swap16().toString('latin1');
  return haystack.includes(phrase) || haystack.includes(utf16) || haystack.toLowerCase().includes(phrase.toLowerCase());
}
