import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PapersError } from '../errors.js';

/** Writes under way: temporary name → the write's promise. */
const pending = new Map<string, Promise<void>>();
let stopped = false;

/**
 * Writes through a temporary name in the same folder, then renames: a reader sees the old
 * file or the complete new one, never a fragment.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  if (stopped) throw new PapersError('RENDER_FAILED', 'interrupted: no more files are written');
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const write = (async () => {
    try {
      await writeFile(temporary, data);
      if (stopped) throw new PapersError('RENDER_FAILED', 'interrupted: no more files are written');
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  })();
  pending.set(temporary, write);
  try {
    await write;
  } finally {
    pending.delete(temporary);
  }
}

/**
 * For interrupt handlers: refuses new writes, lets those under way finish or fail, and removes
 * every temporary file left, so the output folder holds complete files only.
 */
export async function stopWritesAndClean(): Promise<void> {
  stopped = true;
  const temporaries = [...pending.keys()];
  await Promise.allSettled(pending.values());
  await Promise.all(temporaries.map((file) => rm(file, { force: true })));
}
