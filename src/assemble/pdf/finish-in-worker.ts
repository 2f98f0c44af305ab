import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PapersError } from '../../errors.js';
import type { FinishedPack, FinishJob } from './finish-pack.js';

/** Workers still running, so an interrupt can end them before the process exits. */
const running = new Set<Worker>();

/**
 * Finishes a pack in a worker thread, bounded by `timeoutMs`: past it the worker is ended and
 * the pack fails with a clear message, as a print past --timeout does.
 */
export function finishPackInWorker(job: FinishJob, timeoutMs: number): Promise<FinishedPack> {
  const worker = new Worker(workerFile(), { workerData: job });
  running.add(worker);
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<FinishedPack>((resolve, reject) => {
    timer = setTimeout(() => reject(new PapersError('ASSEMBLY_FAILED', `assembling the pack took longer than ${Number((timeoutMs / 1000).toPrecision(2))} s (--timeout)`)), timeoutMs);
    worker.once('message', (message: { ok: true; result: FinishedPack } | { ok: false; message: string }) => {
      if (message.ok) resolve(message.result);
      else reject(new PapersError('ASSEMBLY_FAILED', `cannot assemble the pack: ${message.message}`));
    });
    worker.once('error', (error) => reject(new PapersError('ASSEMBLY_FAILED', `cannot assemble the pack: ${error.message}`)));
    worker.once('exit', (code) => reject(new PapersError('ASSEMBLY_FAILED', `the pack's assembly stopped (exit ${code})`)));
  });
  return done.finally(() => {
    clearTimeout(timer);
    running.delete(worker);
    void worker.terminate();
  });
}

/** Ends every assembly under way (for interrupt handlers). */
export async function stopAssembly(): Promise<void> {
  await Promise.allSettled([...running].map((worker) => worker.terminate()));
}

/**
 * The worker's script: the bundled one (dist/bundle/pack-worker.js), which starts in 60 ms
 * where the separate modules take 200 ms (measured). The bundled CLI finds it beside itself;
 * the library, the tests (run from src/) and the benchmark find it in the package's dist/.
 */
function workerFile(): URL {
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (path.basename(here) === 'bundle') return new URL('./pack-worker.js', import.meta.url);
  for (let dir = here; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const bundled = path.join(dir, 'dist', 'bundle', 'pack-worker.js');
    if (existsSync(bundled)) return pathToFileURL(bundled);
  }
  if (import.meta.url.endsWith('.js')) return new URL('./pack-worker.js', import.meta.url);
  throw new PapersError('ASSEMBLY_FAILED', 'the compiled pack worker (dist/bundle/pack-worker.js) is missing: run npm run build');
}
