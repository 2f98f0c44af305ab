import { copyFile, link, lstat, mkdir, mkdtemp, open, rename, rm, rmdir, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PapersError } from '../errors.js';

/** Writes under way: temporary file or folder → the write's promise. */
const pending = new Map<string, Promise<void>>();
/** Temporary folders holding the only copies of earlier files (a write whose undoing failed): never removed. */
const kept = new Set<string>();
let stopped = false;

function refuseWhenStopped(): void {
  if (stopped) throw new PapersError('INTERRUPTED', 'interrupted: no more files are written');
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
 * The file-system calls that move files into place, replaceable so that a test can make the
 * Nth of them fail (a rename needs no space, so in life this is rare: a folder made read-only,
 * or a file made immutable, part-way).
 */
export interface PlacingOps {
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
}

const FILE_SYSTEM: PlacingOps = { rename, link };

/**
 * Writes a set of files that belong together (a meeting's agenda and packs, a report's HTML
 * and PDF): all are written into a hidden folder beside the target first, each synced to disk,
 * where a full disk or any other failure leaves nothing behind. Only then are they moved in,
 * one rename each, each earlier version kept aside (a second name for it, or moved aside where
 * the file system has no hard links) until every new file is in place. Should a rename fail
 * part-way, the earlier versions are put back: the folder holds the whole old set or the whole
 * new one, never some of each and never neither. `remove` names files of an earlier run that
 * must not outlive this one (a confidential pack whose exempt items are gone); they are put
 * aside with the others, and back if the write fails.
 */
export async function writeFilesTogether(dir: string, files: readonly OutputFile[], remove: readonly string[] = [], ops: PlacingOps = FILE_SYSTEM): Promise<void> {
  refuseWhenStopped();
  // A folder made for this write is removed again if the write fails: nothing is left behind.
  const made = await makeFolder(dir).catch((error: unknown) => {
    throw writeError(dir, error);
  });
  const removeMade = () => removeFoldersMade(dir, made);
  const staging = await mkdtemp(path.join(dir, `.papers-${process.pid}-${randomBytes(3).toString('hex')}-`)).catch(async (error: unknown) => {
    await removeMade();
    throw writeError(dir, error);
  });
  const fresh = path.join(staging, 'new');
  const aside = path.join(staging, 'old');
  await track(
    staging,
    (async () => {
      /** Names whose earlier version is in `aside`. */
      const keptAside: string[] = [];
      /** Names whose new version is in place. */
      const placed: string[] = [];
      let keepStaging = false;
      try {
        await mkdir(fresh);
        await mkdir(aside);
        for (const file of files) await writeDurably(path.join(fresh, file.name), file.data);
        refuseWhenStopped();
        for (const file of files) {
          if (await putAside(dir, aside, file.name, ops)) keptAside.push(file.name);
          await ops.rename(path.join(fresh, file.name), path.join(dir, file.name));
          placed.push(file.name);
        }
        for (const name of remove) if (await putAside(dir, aside, name, ops, true)) keptAside.push(name);
        await syncFolder(dir);
      } catch (error) {
        const restored = await putBack(
          dir,
          aside,
          // Only what was replaced or moved away: an earlier file linked or copied aside but not yet replaced is still in place.
          keptAside.filter((name) => placed.includes(name) || remove.includes(name)),
          placed.filter((name) => !keptAside.includes(name)),
          ops,
        );
        if (!restored.ok) {
          // The earlier versions are still aside: they are not removed, and the message says where.
          keepStaging = true;
          kept.add(staging);
          throw new PapersError('WRITE_FAILED', `cannot write to ${dir}: ${describeCause(error)}; and putting the earlier files back failed too (${describeCause(restored.error)}): they are kept in ${aside}`);
        }
        // The temporary folder first: a folder this write made is removed only when empty.
        await rm(staging, { recursive: true, force: true });
        await removeMade();
        throw error instanceof PapersError ? error : writeError(dir, error);
      } finally {
        if (!keepStaging) await rm(staging, { recursive: true, force: true });
      }
    })(),
  );
}

/**
 * Makes a folder and any missing above it; the first it made, as mkdir's recursive form says.
 * That form says ENOENT where a folder cannot be made on a read-only file system (Node 20,
 * measured on a read-only tmpfs), which would read as a missing file: the missing folders are
 * then made one at a time, so the failure says its own cause (EROFS). Any folder made before
 * the failure is removed again.
 */
export async function makeFolder(dir: string): Promise<string | undefined> {
  try {
    return await mkdir(dir, { recursive: true });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
    const exists = (folder: string) =>
      stat(folder).then(
        () => true,
        () => false,
      );
    const missing: string[] = [];
    for (let folder = path.resolve(dir); !(await exists(folder)); folder = path.dirname(folder)) {
      if (path.dirname(folder) === folder) throw error;
      missing.unshift(folder);
    }
    const made: string[] = [];
    try {
      for (const folder of missing) {
        await mkdir(folder);
        made.push(folder);
      }
    } catch (cause) {
      for (const folder of made.reverse()) await rmdir(folder).catch(() => undefined);
      // A folder that went missing, or appeared, meanwhile: the first failure is the one to tell.
      const code = (cause as { code?: string }).code;
      throw code === 'ENOENT' || code === 'EEXIST' ? error : cause;
    }
    return made[0];
  }
}

/**
 * Removes the folders makeFolder made on the way to `dir` (`made`, the first of them), deepest
 * first, and only while empty: another write may be using them.
 */
export async function removeFoldersMade(dir: string, made: string | undefined): Promise<void> {
  if (!made) return;
  for (let folder = path.resolve(dir); folder.startsWith(path.resolve(made)); folder = path.dirname(folder)) {
    if (
      !(await rmdir(folder).then(
        () => true,
        () => false,
      ))
    )
      break;
  }
}

/** Writes a file and syncs it to disk, so a crash after the rename cannot leave it empty. */
async function writeDurably(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync().catch(unlessUnsupported);
  } finally {
    await handle.close();
  }
}

/** Syncs a folder's entries (the renames into it) to disk; where a folder cannot be opened to sync (Windows), the renames stand as they are. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'EISDIR' || code === 'EPERM' || code === 'EACCES') return undefined;
    throw error;
  });
  if (!handle) return;
  try {
    await handle.sync().catch(unlessUnsupported);
  } finally {
    await handle.close();
  }
}

/** A file system that cannot sync (some network and FUSE ones) writes as well as it can; any other failure is one. */
function unlessUnsupported(error: unknown): void {
  const code = (error as { code?: string }).code;
  if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
}

/**
 * Keeps the earlier version of `name`, if there is one, in `aside`: as a second name for the
 * same file, so the folder never lacks it; where the file system has no hard links (FAT, many
 * network shares), as a copy, which leaves the folder never lacking it either; a file to remove
 * is moved there. Whether there was one.
 */
async function putAside(dir: string, aside: string, name: string, ops: PlacingOps, move = false): Promise<boolean> {
  const current = path.join(dir, name);
  const stats = await lstat(current).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stats) return false;
  // A folder where a file goes is not replaced (nor, when removing, deleted).
  if (stats.isDirectory()) throw Object.assign(new Error(`${current} is a folder`), { code: 'EISDIR' });
  if (!move) {
    const linked = await ops.link(current, path.join(aside, name)).then(
      () => true,
      () => false,
    );
    if (linked) return true;
    await copyFile(current, path.join(aside, name));
    return true;
  }
  await ops.rename(current, path.join(aside, name));
  return true;
}

/**
 * Undoes a write that failed part-way: every earlier version goes back (a rename over the new
 * file, or into the empty place), and each new file without one is removed. Goes on past a
 * failure, so as much as can be is put back; says whether all was.
 */
async function putBack(dir: string, aside: string, keptAside: readonly string[], newOnly: readonly string[], ops: PlacingOps): Promise<{ ok: true } | { ok: false; error: unknown }> {
  let failure: { ok: false; error: unknown } | undefined;
  for (const name of keptAside) {
    await ops.rename(path.join(aside, name), path.join(dir, name)).catch((error: unknown) => (failure ??= { ok: false, error }));
  }
  for (const name of newOnly) await rm(path.join(dir, name), { force: true }).catch((error: unknown) => (failure ??= { ok: false, error }));
  await syncFolder(dir).catch(() => undefined);
  return failure ?? { ok: true };
}

function describeCause(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A file-system failure while writing output, said plainly. */
export function writeError(dir: string, error: unknown): PapersError {
  const code = (error as { code?: string }).code;
  const why =
    code === 'EROFS'
      ? 'the output folder is on a read-only file system'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied: the output folder is read-only for this user'
        : code === 'ENOSPC'
          ? 'the disk is full'
          : code === 'EDQUOT'
            ? 'the disk quota is used up'
            : code === 'ENOTDIR'
              ? 'a file stands where a folder is needed'
              : error instanceof Error
                ? error.message
                : String(error);
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
  await Promise.all(temporaries.filter((file) => !kept.has(file)).map((file) => rm(file, { recursive: true, force: true })));
}
