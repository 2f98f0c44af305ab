import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { PapersError } from '../errors.js';
import { readConfined } from '../load/read-confined.js';
import { MAX_INPUT_BYTES } from '../load/source.js';

/** A style's text files (council.yaml, templates, partials, starters): no real one comes near it. */
export const MAX_STYLE_TEXT_BYTES = MAX_INPUT_BYTES;
/** A stylesheet, which may embed its fonts as data: URIs. */
export const MAX_STYLE_CSS_BYTES = 20 * 1024 * 1024;
/** The logo, or another asset embedded in the papers. */
export const MAX_STYLE_ASSET_BYTES = 5 * 1024 * 1024;

/**
 * Reads a file a style contributes, confined as data is (src/load/read-confined.ts): its real
 * path (symbolic links resolved) must lie inside the style's folder, it must be a regular file,
 * opened without blocking (a named pipe cannot hang the run), and no more than `maxBytes` are
 * read, counted as read. Anything else is a CONFIG error naming the file and why.
 */
export async function readStyleFile(styleDir: string, file: string, maxBytes: number): Promise<Buffer> {
  const read = await readConfined(file, {
    root: styleDir,
    maxBytes,
    outside: (realFile) => `it resolves to ${realFile}, outside the style folder ${styleDir}; a style's files must lie inside its folder`,
  });
  if (!read.ok) throw new PapersError('CONFIG', `${file}: ${read.message}`);
  return read.bytes;
}

/** The same, as UTF-8 text. */
export async function readStyleText(styleDir: string, file: string, maxBytes = MAX_STYLE_TEXT_BYTES): Promise<string> {
  return (await readStyleFile(styleDir, file, maxBytes)).toString('utf8');
}

/**
 * A file the style may leave out (the shipped one is used instead): undefined when nothing is
 * there; anything that is there (a link, a pipe, a folder) is read as readStyleText reads it.
 */
export async function readOptionalStyleText(styleDir: string, file: string, maxBytes = MAX_STYLE_TEXT_BYTES): Promise<string | undefined> {
  const there = await lstat(file).then(
    () => true,
    (error: unknown) => (error as { code?: string }).code !== 'ENOENT' && (error as { code?: string }).code !== 'ENOTDIR',
  );
  return there ? readStyleText(styleDir, file, maxBytes) : undefined;
}

/** Whether a real folder lies inside (or is) another, both with symbolic links resolved. */
export function isInside(realDir: string, realRoot: string): boolean {
  return realDir === realRoot || realDir.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}
