import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { readConfined } from './read-confined.js';
import { imageDamage, type ImageType } from './image-check.js';

/** Markdown image source as written → the image embedded as a data: URI. */
export type ImageMap = ReadonlyMap<string, string>;

export interface ImageProblem {
  src: string;
  message: string;
}

/** Largest image embedded; larger ones belong in a PDF appendix. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

const scanner = new MarkdownIt({ html: false });

/** The images a Markdown text asks for, with their alt text. */
export function imagesIn(markdown: string): Array<{ src: string; alt: string }> {
  if (!markdown.includes('![')) return [];
  const found: Array<{ src: string; alt: string }> = [];
  const visit = (tokens: ReturnType<typeof scanner.parse>) => {
    for (const token of tokens) {
      if (token.type === 'image') found.push({ src: String(token.attrGet('src') ?? ''), alt: token.content.trim() });
      if (token.children) visit(token.children);
    }
  };
  visit(scanner.parse(markdown, {}));
  return found;
}

const SIGNATURES: Array<{ type: ImageType; test: (bytes: Buffer) => boolean }> = [
  { type: 'image/png', test: (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', test: (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff },
  { type: 'image/gif', test: (bytes) => bytes.subarray(0, 6).toString('latin1') === 'GIF87a' || bytes.subarray(0, 6).toString('latin1') === 'GIF89a' },
  { type: 'image/webp', test: (bytes) => bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/**
 * Checks and embeds the images of a Markdown text: alt text required; only image files
 * (by their content, not their name) inside `baseDir`, symbolic links resolved, and whole
 * (decoded or walked to their end: image-check.ts), so none prints as a broken picture.
 */
export async function resolveImages(markdown: string, baseDir: string, into: Map<string, string>): Promise<ImageProblem[]> {
  const problems: ImageProblem[] = [];
  for (const { src, alt } of imagesIn(markdown)) {
    if (alt === '') {
      problems.push({ src, message: `the image "${src}" needs alt text for readers who cannot see it: write ![what it shows](${src})` });
      continue;
    }
    if (into.has(src)) continue;
    const result = await embed(src, baseDir);
    if (typeof result === 'string') into.set(src, result);
    else problems.push({ src, message: result.message });
  }
  return problems;
}

async function embed(src: string, baseDir: string): Promise<string | { message: string }> {
  const outside = { message: `the image "${src}" must be a file in the same folder as this file, or below it` };
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || path.isAbsolute(src) || src.includes('\0')) return outside;
  let decoded: string;
  try {
    decoded = decodeURI(src);
  } catch {
    return { message: `the image "${src}" is not a valid file name` };
  }
  const read = await readConfined(path.resolve(baseDir, decoded), { root: baseDir, maxBytes: MAX_IMAGE_BYTES });
  if (!read.ok) {
    if (/outside the data folder/.test(read.message)) return outside;
    if (/not found/.test(read.message)) return { message: `the image "${src}" was not found next to this file` };
    return { message: `the image "${src}": ${read.message}` };
  }
  const type = SIGNATURES.find((signature) => signature.test(read.bytes))?.type;
  if (!type) return { message: `the image "${src}" is not a PNG, JPEG, GIF or WebP image` };
  const damage = await imageDamage(read.bytes, type);
  if (damage) return { message: `the image "${src}" ${damage}` };
  return `data:${type};base64,${read.bytes.toString('base64')}`;
}
