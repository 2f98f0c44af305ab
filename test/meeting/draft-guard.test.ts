import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { removeDataCopies, sampleDataCopy, SAMPLE_MEETING_NAME } from '../helpers/data-copy.js';

/** A draft cannot reach the public pack by accident; let in on purpose, it is marked on every page. */
let dir: string;
beforeAll(async () => {
  dir = await sampleDataCopy();
  const report = path.join(dir, 'reports', 'commissioning-protocol.yaml');
  await writeFile(report, (await readFile(report, 'utf8')).replace('status: final', 'status: draft'));
});
afterAll(removeDataCopies);

describe('a draft report in a meeting', () => {
  it('is refused for the public pack, located at the item, by check and by pack, with nothing written', async () => {
    const meeting = path.join(dir, SAMPLE_MEETING_NAME);
    const checked = await runCli('check', meeting);
    expect(checked.status).toBe(1);
    expect(checked.stderr).toMatch(
      /council-2012-06-25\.yaml:\d+:\d+ items\[\d+\]\.report: the report .*commissioning-protocol\.yaml is a draft \(status: draft\), which would go into the public pack; set status: final when it is ready, or build with --allow-draft/,
    );
    const out = path.join(dir, 'out');
    const packed = await runCli('pack', meeting, '--out', out);
    expect(packed.status).toBe(1);
    expect(await import('node:fs/promises').then((fs) => fs.readdir(out).catch(() => []))).toEqual([]);
  });

  it('with --allow-draft, goes into both packs marked DRAFT on each of its pages, and the clerk is warned', async () => {
    const out = path.join(dir, 'out-allowed');
    const packed = await runCli('pack', path.join(dir, SAMPLE_MEETING_NAME), '--out', out, '--allow-draft');
    expect(packed.status, packed.stderr).toBe(0);
    expect(packed.stderr).toMatch(/warning: the report .*commissioning-protocol\.yaml is a draft \(status: draft\) going into the public pack, as --allow-draft allows/);
    const pack = await readPdf(path.join(out, 'council-2012-06-25', 'public-pack.pdf'));
    const start = pack.pages.findIndex((page) => page.includes('Commissioning Protocol') && page.includes('Accountable member'));
    const end = pack.pages.findIndex((page, index) => index > start && page.includes('Appendix 1: Commissioning Protocol'));
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    // Every page of the report, not only its first, says DRAFT (spaced out, as printed); the front sheet does not.
    for (let index = start; index < end; index++) expect(pack.pages[index], `page ${index + 1}`).toMatch(/D ?R ?A ?F ?T/);
    expect(pack.pages[0]).not.toMatch(/D ?R ?A ?F ?T/);
  });
});
