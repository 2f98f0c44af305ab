import { Worker } from 'node:worker_threads';
import { PapersError } from '../../errors.js';
import { bundledScript } from '../../bundled-script.js';
import type { FinishedPack, FinishJob } from './finish-pack.js';

/** Workers waiting for a pack; kept so the next pack's code is already compiled (a fresh worker took 850 ms for a pack a warm one finishes in 300). */
const idle: Worker[] = [];
/** Workers finishing a pack, so an interrupt can end them before the process exits. */
const running = new Set<Worker>();
/** Idle workers kept: the members' and the public pack are finished side by side. */
const KEPT_WORKERS = 2;

type WorkerReply = { ok: true; result: FinishedPack } | { ok: false; message: string };

/**
 * Finishes a pack in a worker thread, bounded by `timeoutMs`: past it the worker is ended and
 * the pack fails with a clear message, as a print past --timeout does. The worker then waits
 * for the next pack, or with `keepWarm` false (after a large pack) ends, giving its memory back.
 */
export function finishPackInWorker(job: FinishJob, timeoutMs: number, keepWarm = true): Promise<FinishedPack> {
  const worker = idle.pop() ?? startWorker();
  running.add(worker);
  worker.ref();
  let timer: NodeJS.Timeout | undefined;
  let healthy = false;
  const listeners: { message?: (reply: WorkerReply) => void; error?: (error: Error) => void; exit?: (code: number) => void } = {};
  const done = new Promise<FinishedPack>((resolve, reject) => {
    timer = setTimeout(() => reject(new PapersError('ASSEMBLY_FAILED', `assembling the pack took longer than ${Number((timeoutMs / 1000).toPrecision(2))} s (--timeout)`)), timeoutMs);
    listeners.message = (reply) => {
      healthy = true;
      if (reply.ok) resolve(reply.result);
      else reject(new PapersError('ASSEMBLY_FAILED', `cannot assemble the pack: ${reply.message}`));
    };
    listeners.error = (error) => reject(new PapersError('ASSEMBLY_FAILED', `cannot assemble the pack: ${error.message}`));
    listeners.exit = (code) => reject(new PapersError('ASSEMBLY_FAILED', `the pack's assembly stopped (exit ${code})`));
    worker.once('message', listeners.message);
    worker.once('error', listeners.error);
    worker.once('exit', listeners.exit);
    worker.postMessage(job);
  });
  return done.finally(() => {
    clearTimeout(timer);
    running.delete(worker);
    if (listeners.message) worker.off('message', listeners.message);
    if (listeners.error) worker.off('error', listeners.error);
    if (listeners.exit) worker.off('exit', listeners.exit);
    // A worker that answered is kept (a failed pack is the input's fault, not the worker's),
    // unless told not to; one that timed out, crashed or was stopped is ended.
    if (healthy && keepWarm && idle.length < KEPT_WORKERS) {
      worker.unref();
      idle.push(worker);
    } else {
      void worker.terminate();
    }
  });
}

/**
 * Ends the waiting workers, for a large pack: each holds some 50 MiB, which the browser needs
 * more while it prints a large pack (measured: 80 reports' packs peaked 100 MiB higher with two
 * workers waiting). They start again when a pack is to be finished.
 */
export function releaseIdleWorkers(): void {
  for (const worker of idle.splice(0)) void worker.terminate();
}

/** Starts the workers ahead of their first pack, so loading their code overlaps the prints. */
export function prepareAssembly(): void {
  while (idle.length + running.size < KEPT_WORKERS) {
    const worker = startWorker();
    worker.unref();
    idle.push(worker);
  }
}

function startWorker(): Worker {
  // The bundle of src/entries/pack-worker.ts.
  const worker = new Worker(bundledScript('pack-worker.js', import.meta.url));
  // An idle worker that fails is simply dropped; a busy one's failure is reported by its pack.
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  });
  return worker;
}

/** Ends every assembly under way and every waiting worker (for interrupt handlers). */
export async function stopAssembly(): Promise<void> {
  const workers = [...running, ...idle.splice(0)];
  await Promise.allSettled(workers.map((worker) => worker.terminate()));
}
