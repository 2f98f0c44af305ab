import Module, { createRequire } from 'node:module';
import vm from 'node:vm';
import { hash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * V8's code cache for the CLI's CommonJS code (its bundle and the packages it loads), kept
 * between runs: a cold `papers build` otherwise spends a sixth of its main thread parsing and
 * compiling the same JavaScript every time (Node 22 has this built in; Node 20 does not). The
 * cache holds what each run compiled, lazily compiled functions included, so the next run
 * skips it. It is an optimisation only: any problem with it (unreadable, damaged, written by
 * another Node) means compiling as usual, never a failed run.
 */

interface CacheEntry {
  offset: number;
  length: number;
}

/** Module's internal compile step, which Node uses for every CommonJS file it loads. */
interface CompilingModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

/** The whole cache is one file: a 4-byte index length, the index (JSON), then the data. */
const CACHE_FILE = 'code-cache.bin';
/** A cache grown past this keeps only the last run's entries. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Where the cache lives: PAPERS_COMPILE_CACHE (a folder, or "off"), else the user's cache
 * folder. Per user, never a shared temporary folder: a cache is code this process runs.
 * Keyed by Node's version and platform, as V8 refuses another's cache anyway.
 */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.PAPERS_COMPILE_CACHE;
  if (chosen === 'off' || chosen === '0') return undefined;
  const base = chosen || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'committee-papers', 'compile-cache');
  return path.join(base, `${process.version}-${process.arch}`);
}

/**
 * Compiles every CommonJS file this process loads from now on through V8's code cache (the
 * CLI loads only its own bundle and its packages), and saves what was compiled afresh when the
 * process exits. Returns whether the cache is in use.
 *
 * Node 20 loses import()'s callback in code run from the cache (ERR_VM_DYNAMIC_IMPORT_CALLBACK_
 * MISSING), so a file that calls import() is compiled as usual, unless it lies in `routedDir`:
 * the CLI's own bundle, whose import() calls go through the launcher's (src/load/import-module.ts).
 */
export function installCompileCache(routedDir: string, dir = compileCacheDir()): boolean {
  if (!dir) return false;
  const routed = path.resolve(routedDir) + path.sep;
  const file = path.join(dir, CACHE_FILE);
  const { index, data } = readCache(file);
  const used = new Map<string, Buffer>();
  const fresh = new Map<string, vm.Script>();
  const prototype = Module.prototype as unknown as CompilingModule;
  const compile = prototype._compile;

  prototype._compile = function (this: CompilingModule, content: string, filename: string) {
    // A script starting with #! is one Node itself must unwrap.
    if (content.startsWith('#!') || (content.includes('import(') && !filename.startsWith(routed))) return compile.call(this, content, filename);
    // The file's name and its text: an edited or rebuilt file never meets an old cache.
    const key = `${filename}\0${hash('sha1', content)}`;
    const entry = index[key];
    const cachedData = entry && entry.offset + entry.length <= data.length ? data.subarray(entry.offset, entry.offset + entry.length) : undefined;
    const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${content}\n})`, { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) used.set(key, cachedData);
    else fresh.set(key, script);
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };

  // Only at exit does a script's cache hold the functions the run compiled lazily (most of them).
  process.once('exit', () => {
    if (fresh.size === 0) return;
    try {
      const entries = new Map<string, Buffer>(used);
      for (const [key, script] of fresh) entries.set(key, script.createCachedData());
      // Entries of files this run did not load stay (another command loads them), unless the
      // file was loaded at another version this time, or is gone (a rebuilt bundle's old chunks).
      const loadedFiles = new Set([...entries.keys()].map((key) => key.split('\0')[0]));
      const kept = new Map(entries);
      for (const [key, entry] of Object.entries(index)) {
        const filename = key.split('\0')[0] ?? '';
        if (kept.has(key) || loadedFiles.has(filename) || !existsSync(filename)) continue;
        if (entry.offset + entry.length <= data.length) kept.set(key, data.subarray(entry.offset, entry.offset + entry.length));
      }
      // Grown too large (many versions): this run's entries only.
      writeCache(file, size(kept) <= MAX_CACHE_BYTES ? kept : entries);
    } catch {
      // A cache that cannot be written is simply not there next time.
    }
  });
  return true;
}

function size(entries: Map<string, Buffer>): number {
  let total = 0;
  for (const bytes of entries.values()) total += bytes.length;
  return total;
}

function readCache(file: string): { index: Record<string, CacheEntry>; data: Buffer } {
  try {
    const bytes = readFileSync(file);
    const indexLength = bytes.readUInt32LE(0);
    const index = JSON.parse(bytes.subarray(4, 4 + indexLength).toString('utf8')) as Record<string, CacheEntry>;
    return { index, data: bytes.subarray(4 + indexLength) };
  } catch {
    return { index: {}, data: Buffer.alloc(0) };
  }
}

/** Written under a temporary name and renamed: a run reading it meanwhile sees the old cache or the new one. */
function writeCache(file: string, entries: Map<string, Buffer>): void {
  const index: Record<string, CacheEntry> = {};
  let offset = 0;
  for (const [key, bytes] of entries) {
    index[key] = { offset, length: bytes.length };
    offset += bytes.length;
  }
  const indexBytes = Buffer.from(JSON.stringify(index), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32LE(indexBytes.length, 0);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([header, indexBytes, ...entries.values()]), { mode: 0o600 });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
