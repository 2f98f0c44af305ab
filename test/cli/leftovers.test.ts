import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { watch, readdirSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { longPdf } from '../helpers/real-world-pdfs.js';
import { childrenOf, processGroup } from '../helpers/processes.js';
import { papersCli } from '../helpers/source-bundle.js';

/**
 * Nothing outlives a run of `papers pack`, even one killed by SIGKILL, which no handler sees:
 * not the browser (nor any process of its group), not the qpdf helper and its qpdf runs, and not
 * the private copies of the input PDFs (which may be exempt) in `papers-qpdf-<pid>-*`.
 */
let dir: string;
let meetingFile: string;
/** The process groups of every run started here: the CLI's, its browser's and its qpdf helper's. */
const groups: number[] = [];

beforeAll(async () => {
  dir = await sampleDataCopy();
  // A long PDF paper beside the sample's own, so qpdf runs long enough to be caught at it.
  await writeFile(path.join(dir, 'appendices', 'responses.pdf'), await longPdf(1500, 'Consultation response'));
  const meeting = await sampleMeetingData();
  const protocol = meeting.items.find((item) => item.report === 'reports/commissioning-protocol.yaml') as Record<string, unknown>;
  protocol.appendices = [{ title: 'Consultation responses', file: 'appendices/responses.pdf' }];
  meetingFile = await writeMeeting(dir, 'leftovers.yaml', meeting);
});

afterAll(async () => {
  // A failed assertion must not leave its processes to the next test file.
  for (const pid of groups.flatMap(processGroup)) kill(pid);
  await removeDataCopies();
});

/** This run's folders of copies (`papers-qpdf-<pid>-…`) in the temporary folder. */
const copiesOf = (pid: number) => readdirSync(tmpdir()).filter((name) => name.startsWith(`papers-qpdf-${pid}-`));
/** This run's browser profiles, which a killed run leaves to the next run's sweep (test/run-folders.test.ts). */
const profilesOf = (pid: number) => readdirSync(tmpdir()).filter((name) => name.startsWith(`papers-browser-${pid}-`));

/** Starts `papers pack` as a process group of its own, and waits until its browser and qpdf helper run and its copies' folder exists. */
async function startPack(out: string, env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [papersCli(), 'pack', meetingFile, '--out', out, '--verbose'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env });
  const pid = child.pid as number;
  groups.push(pid);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) throw new Error(`the pack finished before it could be stopped: ${stderr}`);
    const browser = childrenOf(pid, /chrom/)[0];
    const helper = childrenOf(pid, /qpdf-helper/)[0];
    const folder = copiesOf(pid)[0];
    if (browser && helper) groups.push(browser, helper);
    if (browser && helper && folder) return { child, pid, browser, helper, folder: path.join(tmpdir(), folder), exited };
    await delay(10);
  }
}

/** Every process of the run: its own group (the CLI), the browser's and the qpdf helper's. */
const everyProcess = (run: { pid: number; browser: number; helper: number }) => [run.pid, run.browser, run.helper].flatMap(processGroup);

async function killedByKill9(env?: NodeJS.ProcessEnv) {
  const run = await startPack(path.join(dir, `out-${run9++}`), env);
  expect(processGroup(run.browser).length).toBeGreaterThan(1);
  const killed = performance.now();
  process.kill(run.pid, 'SIGKILL');
  await run.exited;
  // Within a few seconds, nothing of the run is left: no process and no copy.
  while ((everyProcess(run).length > 0 || copiesOf(run.pid).length > 0) && performance.now() - killed < 5_000) await delay(20);
  expect(everyProcess(run)).toEqual([]);
  expect(copiesOf(run.pid)).toEqual([]);
}
let run9 = 0;

describe('a run killed by SIGKILL', () => {
  it('leaves no browser, no qpdf and no copy of an input', async () => {
    await killedByKill9();
  });

  it('leaves no browser where setpriv cannot be found either (the pipe ends it)', async () => {
    const noTools = path.join(dir, 'no-tools');
    await mkdir(noTools, { recursive: true });
    await killedByKill9({ ...process.env, PATH: noTools, PAPERS_BROWSER: '/usr/bin/chromium-headless-shell', PAPERS_QPDF: '/usr/bin/qpdf' });
  });
});

describe('a run stopped by SIGTERM', () => {
  it('ends within a second while qpdf holds a copy, and leaves no copy and no process', async () => {
    const run = await startPack(path.join(dir, 'out-term'));
    // Stopped the moment the helper writes a copy of an input.
    const copied = await new Promise<string>((resolve) => {
      const watcher = watch(run.folder, (_, name) => {
        if (name?.endsWith('.pdf')) {
          watcher.close();
          resolve(name);
        }
      });
    });
    const signalled = performance.now();
    process.kill(run.pid, 'SIGTERM');
    expect(await run.exited).toBe(143);
    expect((performance.now() - signalled) / 1000).toBeLessThan(1);
    expect(copied).toMatch(/input-\d+\.pdf$/);
    expect(copiesOf(run.pid)).toEqual([]);
    expect(profilesOf(run.pid)).toEqual([]);
    await delay(200);
    expect(everyProcess(run)).toEqual([]);
    expect(await readdir(path.join(dir, 'out-term')).catch(() => [])).toEqual([]);
  });
});

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
