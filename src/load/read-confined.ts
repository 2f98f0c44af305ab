import { constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { describeReadError } from './read-error.js';

export type ConfinedRead = { ok: true; bytes: Buffer; realFile: string } | { ok: false; message: string };

export interface ReadLimits {
  /** The data folder every file must lie in, symbolic links resolved; none for a file named by the user. */
  root?: string | undefined;
  /** Largest file accepted, counted while reading (a FIFO, /proc file or device reports no true size). */
  maxBytes: number;
  /** Why a file resolving to `realFile` outside `root` is refused (default: the data folder's message, which names --root). */
  outside?: ((realFile: string, root: string) => string) | undefined;
}

const CHUNK = 1 << 20;

/**
 * Reads a file that an input names, safely: its real path (symbolic links resolved) must be
 * inside the data root, it must be a regular file, and no more than `maxBytes` are ever read.
 * Opened without blocking, so a named pipe cannot hang the run, and checked on the open handle.
 */
export async function readConfined(file: string, limits: ReadLimits): Promise<ConfinedRead> {
  let realFile: string;
  try {
    realFile = await realpath(file);
  } catch (error) {
    return { ok: false, message: describeReadError(error) };
  }
  if (limits.root !== undefined) {
    const outside = await outsideRoot(realFile, limits.root, limits.outside);
    if (outside) return { ok: false, message: outside };
  }
  let handle: FileHandle;
  try {
    handle = await open(realFile, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return { ok: false, message: describeReadError(error) };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, message: `expected a file, found ${kindOf(info)}` };
    if (info.size > limits.maxBytes) return { ok: false, message: `file is ${info.size} bytes; expected at most ${limits.maxBytes} bytes` };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK, limits.maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limits.maxBytes) return { ok: false, message: `file is larger than ${limits.maxBytes} bytes, the most accepted` };
    }
    return { ok: true, bytes: Buffer.concat(chunks, total), realFile };
  } catch (error) {
    return { ok: false, message: describeReadError(error) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Why a real path is outside the root, or undefined when it is inside. */
async function outsideRoot(realFile: string, root: string, outside: ReadLimits['outside']): Promise<string | undefined> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (error) {
    return `the data folder ${root} cannot be read: ${describeReadError(error)}`;
  }
  const inside = realFile.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
  if (inside) return undefined;
  if (outside) return outside(realFile, root);
  return `the file is outside the data folder ${root} (it resolves to ${realFile}); keep papers inside that folder, or name a wider one with --root`;
}

function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}
