import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PapersError } from '../errors.js';

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

const running = new Set<ChildProcess>();
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

/**
 * Runs qpdf on bytes (written to a private temporary file: qpdf must seek in its input), with
 * an optional JSON update written beside it as `<input>.json`.
 */
export async function runQpdf(bytes: Uint8Array, args: (input: string) => string[], timeoutMs: number, update?: string): Promise<QpdfResult> {
  const qpdf = findQpdf();
  const dir = await mkdtemp(path.join(tmpdir(), 'papers-qpdf-'));
  const input = path.join(dir, 'input.pdf');
  try {
    await writeFile(input, bytes, { mode: 0o600 });
    if (update !== undefined) await writeFile(`${input}.json`, update, { mode: 0o600 });
    return await new Promise<QpdfResult>((resolve, reject) => {
      const child = spawn(qpdf, args(input), { stdio: ['ignore', 'pipe', 'pipe'] });
      running.add(child);
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => {
        if (err.length < 64_000) err += chunk.toString('utf8');
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new PapersError('INVALID_INPUT', `reading the PDF took longer than ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      child.once('error', (error) => {
        clearTimeout(timer);
        running.delete(child);
        reject(error);
      });
      child.once('close', (status) => {
        clearTimeout(timer);
        running.delete(child);
        resolve({ status: status ?? -1, stdout: Buffer.concat(out), stderr: err });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Ends every qpdf run under way (for interrupt handlers). */
export function stopQpdf(): void {
  for (const child of running) child.kill('SIGKILL');
}
