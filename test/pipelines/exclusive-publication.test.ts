import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { readPdf } from '../helpers/pdf.js';
import { runCli } from '../helpers/cli.js';
import { sharedSamplePack, SAMPLE_MEETING_FILE } from '../helpers/sample-pack.js';
import { papersCli } from '../helpers/source-bundle.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { SAMPLE_MEETING_NAME, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { manifestSchema } from '../../src/output/manifest.js';
import { LOCK_NAME } from '../../src/output/folder-lock.js';

afterAll(removeTempDirs);

const MEETING = 'council-2012-06-25';

const sha = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** Every file of a folder by its hash. */
async function hashes(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await sha(path.join(dir, name))] as const)));
}

/** A copy of the shared sample pack (published: its dates of issue are in 2012), to change. */
async function publishedCopy(prefix: string): Promise<{ out: string; folder: string }> {
  const out = await tempDir(prefix);
  await cp(await sharedSamplePack(), out, { recursive: true });
  return { out, folder: path.join(out, MEETING) };
}

/** The `papers` command, bundled from the source, run as a process of its own. */
function papers(args: string[]): { pid: number; done: Promise<{ status: number | null; stdout: string; stderr: string }>; child: ReturnType<typeof spawn> } {
  const child = spawn(process.execPath, [papersCli(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { pid: child.pid as number, done, child };
}

/** A process number that is no longer running: a process started and ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

describe('two builds of one meeting into one folder at the same time', () => {
  it('one writes, the other is refused naming the first’s process, and the folder holds the first’s files, whole', async () => {
    // Two versions of the meeting, different in item 7's title, packed into the same folder.
    const meetings: string[] = [];
    for (const mark of ['A', 'B']) {
      const copy = await sampleDataCopy();
      const report = path.join(copy, 'reports', 'car-parking-strategy.yaml');
      await writeFile(report, (await readFile(report, 'utf8')).replace(/^title: .*$/m, `$& (${mark})`));
      meetings.push(await writeMeeting(copy, SAMPLE_MEETING_NAME, await sampleMeetingData()));
    }
    const out = await tempDir('papers-exclusive-');
    const runs = meetings.map((meeting) => papers(['pack', meeting, '--out', out]));
    const results = await Promise.all(runs.map((run) => run.done));
    const statuses = results.map((result) => result.status);
    expect(statuses.slice().sort(), results.map((result) => result.stderr).join('\n---\n')).toEqual([0, 75]);
    const winner = statuses.indexOf(0);
    const loser = 1 - winner;
    const folder = path.join(out, MEETING);
    expect(results[loser]?.stderr).toContain(`${folder} is being written by another build (process ${runs[winner]?.pid}, started `);
    expect(results[loser]?.stderr).toContain(`if no such build is running, remove ${path.join(folder, LOCK_NAME)}`);
    // The folder holds the winner's build, whole: the manifest's hashes are the files', and the pack is its version.
    const names = await readdir(folder);
    expect(names.filter((name) => name.startsWith('.'))).toEqual([]);
    const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')));
    expect(manifest.packs.map((pack) => pack.version)).toEqual([1]);
    for (const file of manifest.packs[0]?.files ?? []) expect(await sha(path.join(folder, file.name)), file.name).toBe(file.sha256);
    const titles = (await readPdf(path.join(folder, 'public-pack.pdf'))).bookmarks.map((bookmark) => bookmark.title);
    expect(titles).toContain(`Item 7: Car Parking Strategy (${winner === 0 ? 'A' : 'B'})`);
    expect(await readFile(path.join(folder, 'agenda.html'), 'utf8')).toContain(`Car Parking Strategy (${winner === 0 ? 'A' : 'B'})`);
  });

  it('a lock left by a process no longer running is taken over, and the clerk told', async () => {
    const { out, folder } = await publishedCopy('papers-exclusive-stale-');
    const pid = deadPid();
    const lock = path.join(folder, LOCK_NAME);
    await writeFile(lock, `${JSON.stringify({ pid, host: hostname(), started: '2012-06-15T09:00:00.000Z' })}\n`);
    const run = await runCli('pack', SAMPLE_MEETING_FILE, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`the lock of ${folder} left by process ${pid}, started 2012-06-15T09:00:00.000Z, no longer running, was taken over`);
    expect(run.stdout).toContain('the agenda pack: published on 2012-06-15 and unchanged; left as it was');
    expect(await stat(lock).catch(() => undefined)).toBeUndefined();
  });

  it('a lock is released when the build is interrupted (Ctrl-C)', async () => {
    const out = await tempDir('papers-exclusive-interrupt-');
    const run = papers(['pack', SAMPLE_MEETING_FILE, '--out', out]);
    const lock = path.join(out, MEETING, LOCK_NAME);
    // Interrupted while it holds the lock.
    const started = Date.now();
    while (!(await stat(lock).catch(() => undefined)) && Date.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 20));
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.status, result.stderr).toBe(130);
    expect(await stat(lock).catch(() => undefined)).toBeUndefined();
    expect((await readdir(path.join(out, MEETING)).catch(() => [] as string[])).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});

describe('a published pack whose manifest.json was deleted', () => {
  it('is refused, its files left byte for byte, and --republish writes version 2 beside it', async () => {
    const { out, folder } = await publishedCopy('papers-exclusive-no-manifest-');
    await rm(path.join(folder, 'manifest.json'));
    const before = await hashes(folder);
    const refused = await runCli('pack', SAMPLE_MEETING_FILE, '--out', out);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain(
      `${folder} holds published packs, the agenda pack, published on 2012-06-15 (confidential-pack.pdf, public-pack.pdf); supplementary agenda 1, published on 2012-06-21 (supplement-1-confidential.pdf, supplement-1-public.pdf), but no manifest.json`,
    );
    expect(refused.stderr).toContain('Restore manifest.json from a backup');
    expect(refused.stderr).toContain('--republish to write a new version beside them (public-pack-v2.pdf, supplement-1-public-v2.pdf)');
    expect(await hashes(folder)).toEqual(before);

    const republished = await runCli('pack', SAMPLE_MEETING_FILE, '--out', out, '--republish');
    expect(republished.status, republished.stderr).toBe(0);
    expect(republished.stdout).toContain('the agenda pack: version 2 written beside the published confidential-pack.pdf, public-pack.pdf, of which manifest.json had no record');
    const after = await hashes(folder);
    for (const name of ['public-pack.pdf', 'confidential-pack.pdf', 'supplement-1-public.pdf', 'supplement-1-confidential.pdf']) expect(after[name], name).toBe(before[name]);
    expect(Object.keys(after)).toEqual(expect.arrayContaining(['public-pack-v2.pdf', 'confidential-pack-v2.pdf', 'supplement-1-public-v2.pdf', 'supplement-1-confidential-v2.pdf', 'manifest.json']));
    const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')));
    expect(manifest.packs.map((pack) => [pack.issue, pack.version])).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});
