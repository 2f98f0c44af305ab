import { mkdir, mkdtemp, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PapersError } from '../errors.js';

/** Writes under way: temporary file or folder → the write's promise. */
const pending = new Map<string, Promise<void>>();
let stopped = false;

function refuseWhenStopped(): void {
  if (stopped) throw new PapersError('RENDER_FAILED', 'interrupted: no more files are written');
}

/** Runs a write that uses a temporary path, so an interrupt can wait for it and then remove the path. */
async function track(temporary: string, write: Promise<void>): Promise<void> {
  pending.set(temporary, write);
  try {
    await write;
  } finally {
    pending.delete(temporary);
  }
}

/**
 * Writes through a temporary name in the same folder, then renames: a reader sees the old
 * file or the complete new one, never a fragment.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await writeFilesTogether(path.dirname(file), [{ name: path.basename(file), data }]);
}

export interface OutputFile {
  /** A plain file name inside the target folder. */
  name: string;
  data: string | Uint8Array;
}

/**
 * Writes a set of files that belong together (a meeting's agenda and packs, a report's HTML
 * and PDF): all are written into a hidden folder beside the target first, where a full disk or
 * any other failure leaves nothing behind, and only then renamed into place, one rename each.
 * `remove` names files of an earlier run that must not outlive this one (a confidential pack
 * whose exempt items are gone).
 */
export async function writeFilesTogether(dir: string, files: readonly OutputFile[], remove: readonly string[] = []): Promise<void> {
  refuseWhenStopped();
  // A folder made for this write is removed again if the write fails: nothing is left behind.
  const made = await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw writeError(dir, error);
  });
  const removeMade = async () => {
    // Only folders this write made, deepest first, and only while empty (another write may be using them).
    for (let folder = path.resolve(dir); made && folder.startsWith(path.resolve(made)); folder = path.dirname(folder)) {
      if (!(await rmdir(folder).then(() => true, () => false))) break;
    }
  };
  const staging = await mkdtemp(path.join(dir, `.papers-${process.pid}-${randomBytes(3).toString('hex')}-`)).catch(async (error: unknown) => {
    await removeMade();
    throw writeError(dir, error);
  });
  await track(
    staging,
    (async () => {
      const renamed: string[] = [];
      try {
        for (const file of files) await writeFile(path.join(staging, file.name), file.data);
        refuseWhenStopped();
        for (const file of files) {
          await rename(path.join(staging, file.name), path.join(dir, file.name));
          renamed.push(file.name);
        }
        for (const name of remove) await rm(path.join(dir, name), { force: true });
      } catch (error) {
        // A rename that fails part-way (it needs no space, so this is rare) takes back the others.
        await Promise.all(renamed.map((name) => rm(path.join(dir, name), { force: true })));
        await rm(staging, { recursive: true, force: true });
        await removeMade();
        throw error instanceof PapersError ? error : writeError(dir, error);
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    })(),
  );
}

/** A file-system failure while writing output, said plainly. */
function writeError(dir: string, error: unknown): PapersError {
  const code = (error as { code?: string }).code;
  const why =
    code === 'EROFS' ? 'the output folder is on a read-only file system'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied: the output folder is read-only for this user'
    : code === 'ENOSPC' ? 'the disk is full'
    : code === 'EDQUOT' ? 'the disk quota is used up'
    : code === 'ENOTDIR' ? 'a file stands where a folder is needed'
    : error instanceof Error ? error.message : String(error);
  return new PapersError('WRITE_FAILED', `cannot write to ${dir}: ${why}; nothing was written`);
}

/**
 * For interrupt handlers: refuses new writes, lets those under way finish or fail, and removes
 * every temporary file left, so the output folder holds complete files only.
 */
export async function stopWritesAndClean(): Promise<void> {
  stopped = true;
  const temporaries = [...pending.keys()];
  await Promise.allSettled(pending.values());
  await Promise.all(temporaries.map((file) => rm(file, { recursive: true, force: true })));
}
