/**
 * The worker thread that finishes a pack (see finish-in-worker.ts): the heavy PDF work runs
 * here, so the main thread still answers Ctrl-C, SIGTERM and --timeout at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { finishPack, type FinishJob } from './finish-pack.js';

const job = workerData as FinishJob;
finishPack(job).then(
  (result) => parentPort?.postMessage({ ok: true, result }, [result.bytes.buffer as ArrayBuffer]),
  (error: unknown) => parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
);
