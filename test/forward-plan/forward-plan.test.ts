import { afterAll, describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { axeViolations, withBrowserPage } from '../helpers/browser-page.js';

afterAll(removeTempDirs);

describe('the forward plan', () => {
  it('lists the key decisions among the reports, in date order, with maker, documents, contact, privacy and notice date, as HTML and tagged PDF', async () => {
    const out = await tempDir('papers-forward-plan-');
    const run = await runCli('forward-plan', 'data/reports/*.yaml', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('forward plan of 2 key decision(s)');
    const html = await readFile(path.join(out, 'forward-plan.html'), 'utf8');
    const rows = [...html.matchAll(/<th scope="row">([^<]+)/g)].map((match) => match[1]);
    expect(rows).toEqual(['Car Parking Strategy', 'Disposal of Land at North Place']);
    // Not a key decision: not on the plan.
    expect(html).not.toContain('Commissioning Protocol');
    for (const heading of ['Decision', 'Decision maker', 'Date of decision', 'Documents', 'Contact', 'In private?', 'On the plan since']) expect(html).toContain(`<th scope="col">${heading}</th>`);
    expect(html).toMatch(/Exempt: paragraph\(s\) 3 of Schedule 12A/);
    expect(html).toContain('30 April 2012');
    expect(await withBrowserPage(1280, (page) => axeViolations(page, html))).toEqual([]);
    const pdf = await readPdf(path.join(out, 'forward-plan.pdf'));
    expect(pdf.info.marked).toBe(true);
    expect(pdf.pageSizes[0]?.width).toBeGreaterThan(pdf.pageSizes[0]?.height ?? 0);
    expect(pdf.pages.join(' ')).toContain('Disposal of Land at North Place');
  });

  it('writes nothing when a report on it is invalid', async () => {
    const out = await tempDir('papers-forward-plan-bad-');
    const run = await runCli('forward-plan', 'data/reports/car-parking-strategy.yaml', 'test/fixtures/reports/broken.yaml', '--out', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('the forward plan was not written: every report on it must be valid');
    expect(await readdir(out)).toEqual([]);
  });
});
