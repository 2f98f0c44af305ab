import { describe, expect, it } from 'vitest';
import { mkdtemp, copyFile, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { loadCouncilConfig } from '../../src/config/council.js';
import { buildReports, type BuildResult } from '../../src/build/build-reports.js';
import { Printer } from '../../src/print/printer.js';
import { SAMPLE_REPORT } from '../helpers/sample.js';
import { alive } from '../helpers/processes.js';

const config = await loadCouncilConfig();

/**
 * Builds `count` copies of the sample report with one printer, calling `fault` (once per
 * report) when a report reaches printing; the browser is started before, so it can be hurt.
 */
async function batchWithFault(count: number, timeoutMs: number, fault: (file: string, printer: Printer) => void): Promise<{ results: BuildResult[]; out: string; restarts: number; printer: Printer }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'papers-faults-'));
  const files: string[] = [];
  for (let index = 0; index < count; index++) {
    const file = path.join(dir, `report-${index + 1}.yaml`);
    await copyFile(SAMPLE_REPORT, file);
    files.push(file);
  }
  const out = path.join(dir, 'out');
  const printer = new Printer({ concurrency: 1, timeoutMs });
  try {
    await printer.print({ html: '<!DOCTYPE html><title>warm up</title>' });
    const results = await buildReports(files, { outDir: out, formats: ['pdf'], config, printer, onProgress: ({ file, stage }) => stage === 'print' && fault(file, printer) });
    return { results, out, restarts: printer.restarts, printer };
  } finally {
    await printer.close();
  }
}

async function expectCompletePdfs(out: string, count: number): Promise<void> {
  const names = (await readdir(out)).sort();
  expect(names.filter((name) => name.endsWith('.pdf'))).toHaveLength(count);
  expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  for (const name of names) expect((await PDFDocument.load(await readFile(path.join(out, name)))).getPageCount()).toBeGreaterThan(1);
}

describe('browser faults in the middle of a batch', () => {
  it('a crashed browser is restarted, the document retried once, and the batch completes', async () => {
    let killed: number | undefined;
    const { results, out, restarts } = await batchWithFault(6, 60_000, (file, printer) => {
      if (file.endsWith('report-3.yaml') && printer.pid && killed === undefined) {
        killed = printer.pid;
        process.kill(killed, 'SIGKILL');
      }
    });
    expect(killed).toBeDefined();
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true, true, true]);
    expect(restarts).toBeGreaterThanOrEqual(1);
    await expectCompletePdfs(out, 6);
    expect(alive(killed as number)).toBe(false);
  });

  it('a hung browser is abandoned after the per-document timeout and the batch completes', async () => {
    let frozen: number | undefined;
    const { results, out, restarts } = await batchWithFault(3, 2_000, (file, printer) => {
      if (file.endsWith('report-2.yaml') && printer.pid && frozen === undefined) {
        frozen = printer.pid;
        process.kill(frozen, 'SIGSTOP');
      }
    });
    expect(frozen).toBeDefined();
    expect(results.map((result) => result.ok)).toEqual([true, true, true]);
    expect(restarts).toBe(1);
    await expectCompletePdfs(out, 3);
    expect(alive(frozen as number)).toBe(false);
  });

  it('a document that fails twice is reported, and the others are still built', async () => {
    let first: number | undefined;
    const { results, out } = await batchWithFault(2, 1_500, (file, printer) => {
      if (!file.endsWith('report-1.yaml') || !printer.pid || first !== undefined) return;
      first = printer.pid;
      process.kill(first, 'SIGKILL');
      // Kill the replacement too as soon as it appears, so the retry fails as well.
      const timer = setInterval(() => {
        if (printer.pid && printer.pid !== first) {
          process.kill(printer.pid, 'SIGKILL');
          clearInterval(timer);
        }
      }, 5);
      setTimeout(() => clearInterval(timer), 5_000).unref();
    });
    expect(results[0]?.ok).toBe(false);
    expect(results[0]?.ok === false && results[0].error).toMatch(/printing failed twice/);
    expect(results[1]?.ok).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['report-2.pdf']);
  });
});
