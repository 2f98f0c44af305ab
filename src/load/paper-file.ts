import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { describeReadError } from './read-error.js';

/** The kinds of file a report's appendix may be, by extension. */
export const PAPER_KINDS = /\.(md|markdown|ya?ml|json|pdf)$/i;

/**
 * Whether an appendix file named by a report is there and of a kind a pack takes, looked at
 * without reading it all: so `papers check` and `papers build` catch a wrong path or a Word file
 * where the author works, not only at the clerk's `papers pack`. A meeting reads it in full.
 */
export async function checkPaperFile(file: string): Promise<{ ok: true } | { ok: false; message: string }> {
  if (!PAPER_KINDS.test(file)) return { ok: false, message: 'expected a Markdown (.md), report data (.yaml, .json) or PDF (.pdf) file' };
  let handle: FileHandle;
  try {
    // Without blocking, so a named pipe cannot hang the check.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, message: describeReadError(error) };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { ok: false, message: stat.isDirectory() ? 'expected a file, found a folder' : 'expected a regular file' };
    if (/\.pdf$/i.test(file)) {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(1024), 0, 1024, 0);
      if (!buffer.subarray(0, bytesRead).toString('latin1').includes('%PDF-')) return { ok: false, message: 'expected a PDF file; this one has no PDF header' };
    }
    return { ok: true };
  } finally {
    await handle.close();
  }
}
