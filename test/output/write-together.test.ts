import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';

/**
 * A meeting's files appear together or not at all: a full disk or a folder that cannot be
 * written leaves nothing behind and says why. The disk is a small tmpfs of the test's own and
 * the read-only folder is made immutable (chattr +i), which binds root too; both need root,
 * which the project's machines and CI run as.
 */
const isRoot = process.getuid?.() === 0;
const mounts: string[] = [];
const folders: string[] = [];

afterAll(async () => {
  for (const mount of mounts) {
    execFileSync('umount', [mount]);
    await rm(mount, { recursive: true, force: true });
  }
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function freshFolder(prefix: string): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

async function listAll(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

describe.runIf(isRoot)('writing a meeting’s files', () => {
  it('leaves no file at all when the disk fills, and says the disk is full', async () => {
    const disk = await mkdtemp(path.join(tmpdir(), 'papers-full-disk-'));
    // Room for the agenda, not for the packs.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', disk]);
    mounts.push(disk);
    const run = await runCli('pack', 'data/council-2012-06-25.yaml', '--out', disk);
    expect(run.status).toBe(73);
    expect(run.stderr).toContain(`cannot write to ${path.join(disk, 'council-2012-06-25')}: the disk is full; nothing was written`);
    expect(await listAll(disk)).toEqual([]);
  });

  it('says a folder that cannot be written is read-only, not that a file is missing', async () => {
    const out = await freshFolder('papers-read-only-');
    await mkdir(path.join(out, 'council-2012-06-25'));
    execFileSync('chattr', ['+i', path.join(out, 'council-2012-06-25')]);
    try {
      const run = await runCli('pack', 'data/council-2012-06-25.yaml', '--out', out);
      expect(run.status).toBe(73);
      expect(run.stderr).toContain('the output folder is read-only for this user; nothing was written');
      expect(run.stderr).not.toContain('ENOENT');
    } finally {
      execFileSync('chattr', ['-i', path.join(out, 'council-2012-06-25')]);
    }
    expect(await listAll(out)).toEqual(['council-2012-06-25']);
  });

  it('says a read-only file system is read-only when the output folder is still to be made on it, not that a file is missing', async () => {
    const disk = await mkdtemp(path.join(tmpdir(), 'papers-read-only-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', disk]);
    mounts.push(disk);
    // Node's recursive mkdir says ENOENT here.
    const out = path.join(disk, 'reports', '2012');
    const run = await runCli('build', 'data/reports/commissioning-protocol.yaml', '--format', 'html', '--out', out);
    expect(run.status).toBe(73);
    expect(run.stderr).toContain(`cannot write to ${out}: the output folder is on a read-only file system; nothing was written`);
    expect(run.stderr).not.toContain('ENOENT');
    expect(await listAll(disk)).toEqual([]);
  });
});

describe('a report that fails to print', () => {
  it('leaves neither its HTML nor its PDF', async () => {
    const out = await freshFolder('papers-failed-report-');
    // Too short a time for any print: the HTML is ready, but must not appear without its PDF.
    const run = await runCli('build', 'data/reports/commissioning-protocol.yaml', '--out', out, '--timeout', '0.001');
    expect(run.status).toBe(5);
    expect(run.stdout).toMatch(/commissioning-protocol\.yaml\s+FAILED/);
    expect(await listAll(out)).toEqual([]);
  });
});
