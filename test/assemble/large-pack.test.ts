import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCouncilConfig } from '../../src/config/council.js';
import { loadMeeting } from '../../src/meeting/load-meeting.js';
import { buildPack } from '../../src/assemble/build-pack.js';
import { Printer } from '../../src/print/printer.js';
import { readLongPdf } from '../helpers/pdf.js';
import { runCli } from '../helpers/cli.js';
import { loadSampleMeeting, removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { longPdf } from '../helpers/real-world-pdfs.js';
import { alive, childrenOf } from '../helpers/processes.js';
import { pdfFindings } from '../helpers/produced-outputs.js';
import { papersCli } from '../helpers/source-bundle.js';

afterAll(removeDataCopies);

/**
 * A meeting with a 300-page PDF appendix (real appendices run to that; a whole meeting's papers to about 500):
 * assembled whole, in bounded time, and stoppable. Larger ones are the bench's (appendix scaling).
 */
const PAGES = 300;
let dir: string;
let meetingFile: string;

beforeAll(async () => {
  dir = await sampleDataCopy();
  await writeFile(path.join(dir, 'appendices', 'responses.pdf'), await longPdf(PAGES, 'Consultation response'));
  const meeting = await sampleMeetingData();
  // Its public items only: one pack, the public one, so the 300 pages are assembled and checked once.
  const exemptFrom = meeting.items.findIndex((item) => item.report === 'reports/car-parking-strategy.yaml');
  meeting.items = meeting.items.slice(0, exemptFrom);
  const protocol = meeting.items.find((item) => item.report === 'reports/commissioning-protocol.yaml') as Record<string, unknown>;
  protocol.appendices = [{ title: 'Consultation responses', file: 'appendices/responses.pdf' }];
  meetingFile = await writeMeeting(dir, 'large.yaml', meeting);
});

describe('a pack with a 300-page PDF appendix', () => {
  it('holds every page, numbered and labelled in one run, with the appendix bookmarked', async () => {
    const out = path.join(dir, 'out-whole');
    const run = await runCli('pack', meetingFile, '--out', out);
    expect(run.status).toBe(0);
    expect((await readdir(path.join(out, 'large'))).filter((name) => name.endsWith('.pdf'))).toEqual(['public-pack.pdf']);
    await readLongPdf(path.join(out, 'large', 'public-pack.pdf'), async (pack) => {
      // The appendix's bookmark leads to its first page; its pages follow in order, numbered on.
      const protocol = (await pack.bookmarks()).find((bookmark) => bookmark.title === 'Item 5: Commissioning Protocol');
      const first = protocol?.children.find((child) => child.title === 'Appendix 2: Consultation responses')?.pageIndex ?? -1;
      expect(first).toBeGreaterThan(0);
      expect(await pack.text(first - 1)).not.toContain('Consultation response page');
      expect(await pack.text(first)).toContain('Consultation response page 1 ');
      expect(await pack.text(first + PAGES / 2)).toContain(`Consultation response page ${PAGES / 2 + 1} `);
      expect(await pack.text(first + PAGES - 1)).toContain(`Consultation response page ${PAGES} `);
      expect(await pack.text(first + PAGES - 1)).toContain(`Page ${first + PAGES}`);
      expect(await pack.pageLabels()).toEqual(Array.from({ length: pack.pageCount }, (_, index) => String(index + 1)));
    });
    // Reading the appendix draws the words' part of each page twice, to see that every word can
    // be seen (src/load/unseen-words.ts, about 10 ms a page of this one here); later reads of the
    // same file use the result kept.
  }, 120_000);

  it('stops assembling at the time limit (--timeout) with a plain message', async () => {
    const config = await loadCouncilConfig();
    const loaded = await loadMeeting(meetingFile, config);
    if (!loaded.ok) throw new Error('the meeting should load');
    const printer = new Printer();
    try {
      // Printing may take its time; assembling 300 pages cannot be done in 50 ms.
      const building = buildPack(loaded.value, config, printer, { timeoutMs: 50 });
      await expect(building).rejects.toThrow(/assembling the pack took longer than 0\.05 s \(--timeout\)/);
      await expect(building).rejects.toMatchObject({ code: 'ASSEMBLY_FAILED' });
      // The worker that was stopped is not handed the next pack: it builds as usual.
      const next = await buildPack(await loadSampleMeeting(config), config, printer);
      expect(next.pages).toBeLessThan(PAGES);
      for (const pdf of [next.publicPdf, next.confidentialPdf]) if (pdf) expect(await pdfFindings(pdf)).toEqual([]);
      expect(next.ranges.size).toBeGreaterThan(0);
    } finally {
      await printer.close();
    }
  });

  it('answers SIGTERM within a second while assembling, leaving no file and no browser', async () => {
    const out = path.join(dir, 'out-stopped');
    const child = spawn(process.execPath, [papersCli(), 'pack', meetingFile, '--out', out, '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/: finishing$/m.test(stderr)) resolve();
      });
      void exited.then(() => reject(new Error(`exited before assembling: ${stderr}`)));
    });
    const browsers = childrenOf(child.pid ?? -1, /chrom/);
    expect(browsers.length).toBeGreaterThan(0);
    const signalled = performance.now();
    child.kill('SIGTERM');
    const code = await exited;
    expect((performance.now() - signalled) / 1000).toBeLessThan(1);
    expect(code).toBe(143);
    expect(await readdir(out).catch(() => [])).toEqual([]);
    // The browser's whole process group is gone (a moment for the kernel to reap it).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(browsers.filter(alive)).toEqual([]);
  });
});
