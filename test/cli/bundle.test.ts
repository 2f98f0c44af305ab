import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Printer } from '../../src/print/printer.js';
import { removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { printAppendix, withBoxOver } from '../helpers/real-world-pdfs.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { papersCli } from '../helpers/source-bundle.js';
import packageJson from '../../package.json' with { type: 'json' };

/**
 * The `papers` command as installed: the launcher and the CommonJS bundle it runs
 * (scripts/bundle-options.mjs), bundled from the source as it is now. It runs as the in-process
 * CLI does, and loads the ES modules it needs at run time (pdf.js, the precompiled templates).
 */
afterAll(async () => {
  await removeTempDirs();
  await removeDataCopies();
});

const CLI = papersCli();

function run(args: readonly string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

describe('the papers command', () => {
  it('prints its version', () => {
    const result = run(['--version']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(packageJson.version);
  });

  it("runs its code as Node loads it: no code cache patched into Node's module loader", async () => {
    // Removed for 3% of a cold build (docs/development.md); Node 22's module.enableCompileCache() does it.
    const bundle = path.dirname(CLI);
    const patched: string[] = [];
    for (const name of await readdir(bundle)) {
      const text = await readFile(path.join(bundle, name), 'utf8');
      if (/prototype\._compile|createCachedData|PAPERS_COMPILE_CACHE/.test(text)) patched.push(name);
    }
    expect(patched).toEqual([]);
  });

  it('builds a report, and exits with the status of a failure', async () => {
    const dir = await tempDir('papers-bundle-');
    const built = run(['build', 'data/reports/commissioning-protocol.yaml', '--format', 'html', '--out', dir]);
    expect(built.status, built.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'commissioning-protocol.html'), 'utf8')).toContain('Commissioning Protocol');
    const missing = run(['check', 'no-such-*.yaml']);
    expect(missing.status).toBe(66);
  });

  it('loads pdf.js at run time (the check for text under a box in a PDF paper)', async () => {
    const data = await sampleDataCopy();
    const printer = new Printer();
    try {
      const letter = await printAppendix(printer, { shape: 'report', pages: 2, marker: 'Objector letter' });
      await writeFile(path.join(data, 'appendices', 'boxed.pdf'), await withBoxOver(letter, 0, { x: 30, y: 700, width: 500, height: 80 }));
    } finally {
      await printer.close();
    }
    const meeting = await sampleMeetingData();
    const item = meeting.items.find((entry) => entry.report === 'reports/commissioning-protocol.yaml') as Record<string, unknown>;
    item.appendices = [{ title: 'Objection', file: 'appendices/boxed.pdf' }];
    const file = await writeMeeting(data, 'boxed.yaml', meeting);
    const checked = run(['check', file]);
    expect(checked.status).toBe(1);
    expect(checked.stderr).toMatch(/boxed\.pdf: page 1: \d+ words cannot be seen \("Objector"/);
  });
});
