import { afterAll, describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { loadCouncilConfig } from '../../src/config/council.js';
import { buildReports, type BuildResult } from '../../src/pipelines/build-reports.js';
import { Printer } from '../../src/print/printer.js';
import { sampleReportData, writeSampleReport } from '../helpers/sample.js';
import { alive } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

const config = await loadCouncilConfig();

/**
 * Builds `count` copies of the sample report with one printer, calling `fault` (once per
 * report) when a report reaches printing; the browser is started before, so it can be hurt.
 */
async function batchWithFault(count: number, timeoutMs: number, fault: (file: string, printer: Printer) => void): Promise<{ results: BuildResult[]; out: string; restarts: number; printer: Printer }> {
  const dir = await tempDir('papers-faults-');
  const files: string[] = [];
  for (let index = 0; index < count; index++) {
    const file = path.join(dir, `report-${index + 1}.yaml`);
    await writeSampleReport(file);
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
  // Nothing half-written: no staging folder of a write left (src/output/write-atomic.ts).
  expect(names.filter((name) => name.startsWith('.papers-') || name.endsWith('.tmp'))).toEqual([]);
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

  it('a document that fails twice (here: too long for the per-document timeout) is reported, and the others are still built', async () => {
    const dir = await tempDir('papers-faults-');
    // About 1,000 pages: far longer to print (about 5 s) than the 1.5 s allowed, twice.
    const long = sampleReportData();
    const paragraph = (long.sections as Array<{ paragraphs: string[] }>)[0]!.paragraphs[1] as string;
    long.sections = Array.from({ length: 120 }, (_, index) => ({ heading: `Part ${index + 1}`, paragraphs: Array.from({ length: 60 }, () => paragraph) }));
    await writeFile(path.join(dir, 'too-long.yaml'), stringify(long));
    await writeSampleReport(path.join(dir, 'normal.yaml'));
    const out = path.join(dir, 'out');
    const printer = new Printer({ concurrency: 1, timeoutMs: 1_500 });
    try {
      const results = await buildReports([path.join(dir, 'too-long.yaml'), path.join(dir, 'normal.yaml')], { outDir: out, formats: ['pdf'], config, printer });
      expect(results[0]?.ok).toBe(false);
      expect(results[0]?.ok === false && results[0].error).toMatch(/printing failed twice \(timed out after 1500 ms; then timed out after 1500 ms\)/);
      // The code reaches programs using the API, not only the message.
      expect(results[0]?.ok === false && results[0].code).toBe('PRINT_FAILED');
      expect(results[1]?.ok).toBe(true);
      expect(printer.restarts).toBe(2);
      expect((await readdir(out)).sort()).toEqual(['normal.pdf']);
    } finally {
      await printer.close();
    }
  });
});
