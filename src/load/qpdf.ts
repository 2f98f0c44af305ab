import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PapersError } from '../errors.js';
import { bundledScript } from '../bundled-script.js';
import { makeRunFolder, removeRunFolder } from '../run-folder.js';
import { inputPlaceholder, type QpdfReply, type QpdfRequest } from './qpdf-protocol.js';

/**
 * qpdf (Apache-2.0, the Debian package `qpdf`), run as a separate program: it reads a PDF
 * paper lazily and in C++, so a 500-page appendix is opened and copied in milliseconds where
 * parsing every object in JavaScript took seconds. It also repairs what it can of a damaged
 * cross-reference table, as viewers do.
 */
export interface QpdfResult {
  /** 0: fine; 3: written with warnings (repaired). */
  status: number;
  stdout: Buffer;
  stderr: string;
}

let found: string | undefined;

/** The qpdf executable: PAPERS_QPDF, or qpdf on PATH. */
export function findQpdf(): string {
  if (found) return found;
  const candidate = process.env.PAPERS_QPDF || 'qpdf';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.status !== 0) {
    throw new PapersError('NO_PDF_TOOL', `PDF papers need qpdf, and ${candidate} cannot be run. Install it (Debian/Ubuntu: apt-get install qpdf, or npm run setup) or set PAPERS_QPDF to its path`);
  }
  found = candidate;
  return found;
}

/** The helper process that starts qpdf (src/entries/qpdf-helper.ts), shared by every run in this process. */
let helper: ChildProcess | undefined;
const pending = new Map<number, { resolve: (reply: QpdfReply) => void; reject: (error: Error) => void }>();
let nextId = 1;

/**
 * The private folder (mode 0700, `papers-qpdf-<pid>-…`) where the helper writes its copies of the
 * inputs: removed when this process exits, by the helper when this process dies (its IPC channel
 * closes), and otherwise by the next run that makes one (src/run-folder.ts).
 */
let folder: string | undefined;

function tempFolder(): string {
  if (folder === undefined || !existsSync(folder)) folder = makeRunFolder('papers-qpdf-');
  return folder;
}

function startHelper(): ChildProcess {
  // Its own process group, so stopping it stops the qpdf runs it started.
  const child = fork(bundledScript('qpdf-helper.js', import.meta.url), [tempFolder()], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [], detached: true });
  child.on('message', (reply: QpdfReply) => {
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
    if (pending.size === 0) idle(child);
  });
  child.once('exit', (code, signal) => {
    if (helper === child) helper = undefined;
    for (const waiting of pending.values()) waiting.reject(new Error(`the qpdf helper stopped (${signal ?? `exit ${code}`})`));
    pending.clear();
  });
  child.on('error', () => undefined);
  return child;
}

/** An idle helper does not keep the process alive. */
function idle(child: ChildProcess): void {
  child.unref();
  child.channel?.unref();
}

/**
 * Runs qpdf on bytes (written to a private temporary file: qpdf must seek in its input), with
 * an optional JSON update written beside it as `<input>.json`.
 */
export function runQpdf(bytes: Uint8Array, args: (input: string) => string[], timeoutMs: number, update?: string): Promise<QpdfResult> {
  return runQpdfOnFiles([bytes], (inputs) => args(inputs[0] as string), timeoutMs, update);
}

/** Runs qpdf once on several files' bytes (as `runQpdf`), such as all the PDFs a meeting merges. */
export async function runQpdfOnFiles(files: Uint8Array[], args: (inputs: string[]) => string[], timeoutMs: number, update?: string): Promise<QpdfResult> {
  const request: QpdfRequest = { id: nextId++, qpdf: findQpdf(), args: args(files.map((_, index) => inputPlaceholder(index))), inputs: files, ...(update === undefined ? {} : { update }) };
  helper ??= startHelper();
  const child = helper;
  child.ref();
  child.channel?.ref();
  const reply = await new Promise<QpdfReply>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(request.id);
      child.send({ stop: request.id });
      if (pending.size === 0) idle(child);
      reject(new PapersError('INVALID_INPUT', `reading the PDF took longer than ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    pending.set(request.id, {
      resolve: (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      reject: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    });
    child.send(request);
  });
  if ('error' in reply) throw new Error(`cannot run qpdf: ${reply.error}`);
  return { status: reply.status, stdout: Buffer.from(reply.stdout.buffer, reply.stdout.byteOffset, reply.stdout.byteLength), stderr: reply.stderr };
}

/** Ends every qpdf run under way, and the helper (for interrupt handlers), and removes the copies it held. */
export function stopQpdf(): void {
  if (helper?.pid === undefined) return;
  try {
    process.kill(-helper.pid, 'SIGKILL');
  } catch {
    helper.kill('SIGKILL');
  }
  // Killed, the helper cannot remove them itself.
  removeRunFolder(folder);
  folder = undefined;
}
