import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Private temporary folders of this run (mode 0700, as mkdtemp makes them), named
 * `<prefix><pid>-XXXXXX` in the system's temporary folder: the qpdf helper's copies of the input
 * PDFs (`papers-qpdf-`), the browser's profile (`papers-browser-`). Each is removed when it is
 * done with or when this process exits; a run killed before it could (SIGKILL) leaves its
 * folders to the next run that makes one of the same kind, which removes them (sweepLeftovers).
 */
const live = new Set<string>();
let hooked = false;

/** Makes a folder of this run, first removing the ones runs that died left (sweepLeftovers). */
export function makeRunFolder(prefix: string): string {
  sweepLeftovers(prefix);
  if (!hooked) process.once('exit', removeLiveFolders);
  hooked = true;
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}${process.pid}-`));
  live.add(dir);
  return dir;
}

export function removeRunFolder(dir: string | undefined): void {
  if (!dir) return;
  live.delete(dir);
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // Removed at the next run's sweep.
  }
}

function removeLiveFolders(): void {
  for (const dir of [...live]) removeRunFolder(dir);
}

/** A folder left by a run that died, kept a minute in case its process is just starting (in another PID namespace, say). */
const LEFTOVER_AFTER_MS = 60_000;

/** Removes this user's folders named `<prefix><pid>-…` whose process is gone and that have been untouched for a minute. */
export function sweepLeftovers(prefix: string, dir: string = tmpdir(), now: number = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    const left = path.join(dir, name);
    try {
      const stat = lstatSync(left);
      if (!stat.isDirectory() || stat.uid !== process.getuid?.() || now - stat.mtimeMs < LEFTOVER_AFTER_MS) continue;
      rmSync(left, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
