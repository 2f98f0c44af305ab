/**
 * The worker thread that finishes packs (see src/assemble/pdf/finish-in-worker.ts): the heavy PDF work runs
 * here, so the main thread still answers Ctrl-C, SIGTERM and --timeout at once. It stays up for
 * the next pack, whose code is then already compiled and optimised.
 */
import { parentPort } from 'node:worker_threads';
import { finishPack, type FinishJob } from '../assemble/pdf/finish-pack.js';

parentPort?.on('message', (job: FinishJob) => {
  finishPack(job).then(
    (result) => parentPort?.postMessage({ ok: true, result }, [result.bytes.buffer as ArrayBuffer]),
    (error: unknown) => parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
