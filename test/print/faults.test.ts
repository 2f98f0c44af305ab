import { describe, expect, it } from 'vitest';
import { mkdtemp, copyFile, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { loadCouncilConfig } from '../../src/config/council.js';
import { buildReports } from '../../src/build/build-reports.js';
import { Printer } from '../../src/print/printer.js';
import { SAMPLE_REPORT } from '../helpers/sample.js';

const config = await loadCouncilConfig();

async function copies(count: number): Promise<{ dir: string; files: string[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'papers-faults-'));
  const files: string[] = [];
  for (let index = 0; index < count; index++) {
    const file = path.join(dir, `report-${index + 1}.yaml`);
    await copyFile(SAMPLE_REPORT, file);
    files.push(file);
  }
  return { dir, files };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function expectCompletePdfs(out: string, count: number): Promise<void> {
  const names = (await readdir(out)).sort();
  expect(names.filter((name) => name.endsWith('.pdf'))).toHaveLength(count);
  expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  for (const name of names) {
    const doc = await PDFDocument.load(await readFile(path.join(out, name)));
    expect(doc.getPageCount()).toBeGreaterThan(1);
  }
}

describe('browser faults in the middle of a batch', () => {
  it('a crashed browser is restarted, the document retried once, and the batch completes', async () => {
    const { dir, files } = await copies(6);
    const out = path.join(dir, 'out');
    const printer = new Printer({ concurrency: 1 });
    let killed: number | undefined;
    try {
      await printer.print({ html: '<!DOCTYPE html><title>warm up</title>' });
      const results = await buildReports(files, {
        outDir: out,
        formats: ['pdf'],
        config,
        printer,
        onProgress: ({ file, stage }) => {
          // Kill the browser while the third report is printing.
          if (stage === 'print' && file.endsWith('report-3.yaml') && printer.pid && killed === undefined) {
            killed = printer.pid;
            process.kill(killed, 'SIGKILL');
          }
        },
      });
      expect(killed).toBeDefined();
      expect(results.map((result) => result.ok)).toEqual([true, true, true, true, true, true]);
      expect(printer.restarts).toBeGreaterThanOrEqual(1);
      expect(printer.pid).not.toBe(killed);
      await expectCompletePdfs(out, 6);
    } finally {
      await printer.close();
    }
    if (killed) expect(alive(killed)).toBe(false);
  });

  it('a hung browser is abandoned after the per-document timeout and the batch completes', async () => {
    const { dir, files } = await copies(3);
    const out = path.join(dir, 'out');
    const printer = new Printer({ concurrency: 1, timeoutMs: 2_000 });
    let frozen: number | undefined;
    try {
      await printer.print({ html: '<!DOCTYPE html><title>warm up</title>' });
      const results = await buildReports(files, {
        outDir: out,
        formats: ['pdf'],
        config,
        printer,
        onProgress: ({ file, stage }) => {
          if (stage === 'print' && file.endsWith('report-2.yaml') && printer.pid && frozen === undefined) {
            frozen = printer.pid;
            process.kill(frozen, 'SIGSTOP');
          }
        },
      });
      expect(frozen).toBeDefined();
      expect(results.map((result) => result.ok)).toEqual([true, true, true]);
      expect(printer.restarts).toBe(1);
      await expectCompletePdfs(out, 3);
    } finally {
      await printer.close();
    }
    if (frozen) expect(alive(frozen)).toBe(false);
  });

  it('a document that fails twice is reported, and the others are still built', async () => {
    const { dir, files } = await copies(2);
    const out = path.join(dir, 'out');
    const printer = new Printer({ concurrency: 1, timeoutMs: 1_500 });
    let kills = 0;
    try {
      await printer.print({ html: '<!DOCTYPE html><title>warm up</title>' });
      const results = await buildReports(files, {
        outDir: out,
        formats: ['pdf'],
        config,
        printer,
        onProgress: ({ file, stage }) => {
          if (stage === 'print' && file.endsWith('report-1.yaml') && printer.pid && kills === 0) {
            kills += 1;
            const first = printer.pid;
            process.kill(first, 'SIGKILL');
            // Also kill the replacement as soon as it appears, so the retry fails too.
            const timer = setInterval(() => {
              if (printer.pid && printer.pid !== first) {
                process.kill(printer.pid, 'SIGKILL');
                clearInterval(timer);
              }
            }, 5);
            setTimeout(() => clearInterval(timer), 5_000).unref();
          }
        },
      });
      expect(results[0]?.ok).toBe(false);
      expect(results[0]?.ok === false && results[0].error).toMatch(/printing failed twice/);
      expect(results[1]?.ok).toBe(true);
      expect((await readdir(out)).sort()).toEqual(['report-2.pdf']);
    } finally {
      await printer.close();
    }
  });
});
