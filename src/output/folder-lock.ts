import { readFileSync, rmdirSync, unlinkSync } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { PapersError } from '../errors.js';
import { makeFolder, removeFoldersMade, writeError } from './write-atomic.js';

/** The lock file inside an output folder while a build writes there. */
export const LOCK_NAME = '.papers.lock';

/** Who holds a lock: what its file says. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When the holder took the lock (ISO 8601). */
  started: string;
}

export interface FolderLock {
  /** The lock file. */
  file: string;
  /** A lock whose holder was no longer running, taken over by this one: who held it, in words. */
  takenOver: string | undefined;
  /** Removes the lock (only if it is still this one's) and any folder it made, if empty. */
  release(): Promise<void>;
}

/** A lock file whose content cannot be read is taken as being written for this long, then as abandoned. */
const UNREADABLE_GRACE_MS = 10_000;

/** Locks this process holds: lock file → its content and the folders made for it. */
const held = new Map<string, { content: string; dir: string; made: string | undefined }>();
/** Claim files (a take-over under way) this process holds. */
const claims = new Set<string>();
let exitHookSet = false;

/**
 * Takes the output folder `dir` (made if need be) for one build: a lock file created
 * exclusively (`wx`), naming this process and when it started. A folder another build holds
 * is refused (BUSY) with that build's process; a lock whose holder is no longer running (on
 * this machine) is taken over, and said in `takenOver`. Released by `release()`, and, should the
 * process exit first (Ctrl-C), by an exit hook.
 */
export async function lockFolder(dir: string): Promise<FolderLock> {
  const file = path.join(dir, LOCK_NAME);
  const mine: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const content = `${JSON.stringify(mine)}\n`;
  let made: string | undefined;
  let takenOver: string | undefined;
  try {
    takenOver = await takeLock(dir, file, content, (folder) => {
      made ??= folder;
    });
  } catch (error) {
    // A folder made for a build that is refused is not left behind.
    await removeFoldersMade(dir, made);
    throw error;
  }
  held.set(file, { content, dir, made });
  if (!exitHookSet) {
    exitHookSet = true;
    process.on('exit', releaseHeldSync);
  }
  return {
    file,
    takenOver,
    release: async () => {
      const entry = held.get(file);
      if (entry?.content !== content) return;
      held.delete(file);
      if ((await readFile(file, 'utf8').catch(() => undefined)) === content) await rm(file, { force: true });
      await removeFoldersMade(dir, made);
    },
  };
}

/** The lock loop: made, or its abandoned holder's taken over (said in words), or refused. */
async function takeLock(dir: string, file: string, content: string, onMade: (folder: string | undefined) => void): Promise<string | undefined> {
  let takenOver: string | undefined;
  for (let attempt = 0; ; attempt++) {
    if (attempt >= 5) throw busy(dir, file, undefined);
    // As a write makes it (write-atomic.ts), so a read-only file system is named as such.
    const folder = await makeFolder(dir).catch((error: unknown) => {
      throw writeError(dir, error);
    });
    onMade(folder);
    const created = await createExclusive(file, content);
    if (created === 'gone') continue;
    if (created === 'created') return takenOver;
    const found = await readHolder(file);
    if (!found) continue;
    if (isLive(file, found)) throw busy(dir, file, found.holder);
    // Abandoned: taken over by one build only (a claim file, itself exclusive), and only if it is still the one judged abandoned.
    const claim = `${file}.takeover`;
    const claimed = await createExclusive(claim, content);
    if (claimed === 'created') claims.add(claim);
    else {
      const claimer = claimed === 'exists' ? await readHolder(claim) : undefined;
      if (claimer && isLive(claim, claimer)) throw busy(dir, file, claimer.holder);
      await rm(claim, { force: true });
      continue;
    }
    try {
      if ((await readFile(file, 'utf8').catch(() => undefined)) === found.raw) {
        await rm(file, { force: true });
        takenOver = found.holder ? describeHolder(found.holder) : 'a process whose lock could not be read';
      }
    } finally {
      await rm(claim, { force: true });
      claims.delete(claim);
    }
  }
}

/** Releases every lock this process holds (for an interrupt, before it exits). */
export function releaseFolderLocks(): void {
  releaseHeldSync();
}

/** Creates `file` with `content` only if there is none: whether it was, or there is one, or its folder is gone. */
async function createExclusive(file: string, content: string): Promise<'created' | 'exists' | 'gone'> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST') return 'exists';
    // The folder, made a moment ago, removed by a build releasing it: made again.
    if (code === 'ENOENT') return 'gone';
    throw writeError(path.dirname(file), error);
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return 'created';
}

/** What a lock file says, with its text; undefined if it has gone meanwhile. */
async function readHolder(file: string): Promise<{ raw: string; holder: LockHolder | undefined; ageMs: number } | undefined> {
  const [raw, stats] = await Promise.all([readFile(file, 'utf8').catch(() => undefined), stat(file).catch(() => undefined)]);
  if (raw === undefined || !stats) return undefined;
  let holder: LockHolder | undefined;
  try {
    const data = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof data.pid === 'number' && Number.isInteger(data.pid) && data.pid > 0 && typeof data.host === 'string' && typeof data.started === 'string') holder = { pid: data.pid, host: data.host, started: data.started };
  } catch {
    holder = undefined;
  }
  return { raw, holder, ageMs: Date.now() - stats.mtimeMs };
}

/**
 * Whether a lock's holder may still be running: a process on another machine cannot be asked,
 * so it is taken as running; one of this process's own number is this process only if it holds
 * the lock (else an earlier process had the number); an unreadable lock is one being written,
 * for a few seconds.
 */
function isLive(file: string, found: { holder: LockHolder | undefined; ageMs: number }): boolean {
  const { holder } = found;
  if (!holder) return found.ageMs < UNREADABLE_GRACE_MS;
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return held.has(file) || claims.has(file);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== 'ESRCH';
  }
}

function describeHolder(holder: LockHolder): string {
  return `process ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}, started ${holder.started}`;
}

function busy(dir: string, file: string, holder: LockHolder | undefined): PapersError {
  const who = holder ? describeHolder(holder) : 'a process whose lock cannot be read';
  return new PapersError('BUSY', `${dir} is being written by another build (${who}); nothing was written. Build again when it has finished; if no such build is running, remove ${file}`);
}

function releaseHeldSync(): void {
  for (const [file, entry] of held) {
    held.delete(file);
    try {
      if (readFileSync(file, 'utf8') === entry.content) unlinkSync(file);
    } catch {
      // Gone already, or unreadable: nothing of this process's to remove.
    }
    if (!entry.made) continue;
    for (let folder = path.resolve(entry.dir); folder.startsWith(path.resolve(entry.made)); folder = path.dirname(folder)) {
      try {
        rmdirSync(folder);
      } catch {
        break;
      }
    }
  }
}
