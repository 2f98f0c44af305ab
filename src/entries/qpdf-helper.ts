/**
 * A small process that runs qpdf for the main one (see src/load/qpdf.ts). Starting a program copies the
 * starting process's memory map, which costs time in proportion to its size: 8 ms a start from
 * a 240 MB process, 31 ms from 860 MB (measured), and a meeting starts qpdf once per PDF. From
 * here, a 40 MB process, each start costs about a millisecond, and the main process never waits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inputPlaceholder, type QpdfReply, type QpdfRequest } from '../load/qpdf-protocol.js';

const running = new Map<number, ChildProcess>();

process.on('message', (message: QpdfRequest | { stop: number }) => {
  if ('stop' in message) {
    running.get(message.stop)?.kill('SIGKILL');
    return;
  }
  run(message).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies QpdfReply),
  );
});

/** The main process's private folder (mode 0700, named with its pid) for the copies: see src/load/qpdf.ts. */
const dir = process.argv[2] as string;

// The main process has gone (finished, killed or interrupted): so has the work, and every copy.
// Also when it went before this process was listening (measured: killed just after starting
// this one, the channel closed with no 'disconnect' and the folder stayed): on any exit.
process.on('disconnect', () => process.exit(0));
process.on('exit', () => {
  for (const child of running.values()) child.kill('SIGKILL');
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // Left to the next run's sweep (src/run-folder.ts).
  }
});
if (!process.connected) process.exit(0);

async function run(request: QpdfRequest): Promise<QpdfReply> {
  const inputs = request.inputs.map((_, index) => path.join(dir, `${request.id}-input-${index}.pdf`));
  const update = request.update === undefined ? undefined : `${inputs[0] ?? path.join(dir, `${request.id}-input`)}.json`;
  try {
    // Private copies: qpdf must seek in its input, and each file was checked as it was read.
    await Promise.all(request.inputs.map((bytes, index) => writeFile(inputs[index] as string, bytes, { mode: 0o600 })));
    if (update !== undefined) await writeFile(update, request.update ?? '', { mode: 0o600 });
    const args = request.args.map((arg) => inputs.reduce((value, input, index) => value.replaceAll(inputPlaceholder(index), input), arg));
    return await new Promise<QpdfReply>((resolve, reject) => {
      const child = spawn(request.qpdf, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      running.set(request.id, child);
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => {
        if (err.length < 64_000) err += chunk.toString('utf8');
      });
      child.once('error', (error) => {
        running.delete(request.id);
        reject(error);
      });
      child.once('close', (status) => {
        running.delete(request.id);
        resolve({ id: request.id, status: status ?? -1, stdout: Buffer.concat(out), stderr: err });
      });
    });
  } finally {
    await Promise.all([...inputs, ...(update === undefined ? [] : [update])].map((file) => unlink(file).catch(() => undefined)));
  }
}
