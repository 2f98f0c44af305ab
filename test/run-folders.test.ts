import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runQpdf } from '../src/load/qpdf.js';
import { Printer } from '../src/print/printer.js';
import { sweepLeftovers } from '../src/run-folder.js';
import { longPdf } from './helpers/real-world-pdfs.js';
import { removeTempDirs, tempDir } from './helpers/temp-dir.js';

afterAll(removeTempDirs);

/** A process id that was in use a moment ago and is no longer. */
const deadPid = () => spawnSync('true').pid as number;

/** This process's folders of a kind in the temporary folder. */
const ours = (prefix: string) => readdirSync(tmpdir()).filter((name) => name.startsWith(`${prefix}${process.pid}-`));

describe("a run's temporary folders", () => {
  it('are written in a private folder named with this process id', async () => {
    const result = await runQpdf(await longPdf(2, 'Copy'), (input) => ['--show-npages', input], 30_000);
    expect(result.stdout.toString().trim()).toBe('2');
    expect(ours('papers-qpdf-')).toHaveLength(1);
    const folder = path.join(tmpdir(), ours('papers-qpdf-')[0] as string);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    // The copy is gone once qpdf has read it; the folder goes when this process does.
    expect(readdirSync(folder)).toEqual([]);
  });

  it("hold the browser's profile while it runs, removed when it closes", async () => {
    // Beside the browser this test worker may share with other test files.
    const before = ours('papers-browser-');
    const printer = new Printer();
    let profile: string[] = [];
    try {
      await printer.print({ html: '<!DOCTYPE html><html lang="en"><title>Profile</title><h1>Profile</h1></html>' });
      profile = ours('papers-browser-').filter((name) => !before.includes(name));
      expect(profile).toHaveLength(1);
      expect(statSync(path.join(tmpdir(), profile[0] as string)).mode & 0o777).toBe(0o700);
    } finally {
      await printer.close();
    }
    expect(ours('papers-browser-')).toEqual(before);
  });

  it("left by a run that died, are removed by the next, a minute on; others' are kept", async () => {
    const dir = await tempDir('papers-sweep-');
    const now = Date.now();
    const make = async (name: string, ageMs: number) => {
      await mkdir(path.join(dir, name));
      await writeFile(path.join(dir, name, '3-input-0.pdf.json'), '{"exempt": true}');
      const when = (now - ageMs) / 1000;
      await utimes(path.join(dir, name), when, when);
    };
    const dead = deadPid();
    await make(`papers-qpdf-${dead}-old`, 120_000);
    // Just made: its process may be starting (another PID namespace sharing the folder).
    await make(`papers-qpdf-${dead}-new`, 5_000);
    // A run still going.
    await make(`papers-qpdf-${process.ppid}-alive`, 120_000);
    await make('papers-qpdf-XYZ123', 120_000);
    await make('somebody-else', 120_000);
    await make(`papers-browser-${dead}-old`, 120_000);
    sweepLeftovers('papers-qpdf-', dir, now);
    expect((await readdir(dir)).sort()).toEqual([`papers-qpdf-${dead}-new`, `papers-qpdf-${process.ppid}-alive`, 'papers-qpdf-XYZ123', 'somebody-else', `papers-browser-${dead}-old`].sort());
    sweepLeftovers('papers-browser-', dir, now);
    expect(await readdir(dir)).not.toContain(`papers-browser-${dead}-old`);
  });
});
