import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { matterhornFindings } from '../helpers/matterhorn.js';
import { axeViolations, withBrowserPage } from '../helpers/browser-page.js';
import { removeDataCopies, sampleDataCopy } from '../helpers/data-copy.js';

/** After the meeting: minutes and decision notices from the outcomes file. */
let dir: string;
beforeAll(async () => {
  dir = await sampleDataCopy();
});
afterAll(removeDataCopies);

async function outcomesWith(name: string, changes: Record<string, unknown>): Promise<string> {
  const data = { ...(parse(await readFile('data/outcomes/council-2012-06-25.yaml', 'utf8')) as Record<string, unknown>), ...changes };
  const file = path.join(dir, 'outcomes', name);
  await writeFile(file, stringify(data));
  return file;
}

describe('minutes and decision notices', () => {
  it('writes the minutes (Markdown to edit, HTML, tagged PDF): attendance, each item numbered with its resolution, declarations, the signature block', async () => {
    const out = path.join(dir, 'out');
    const run = await runCli('outcomes', path.join(dir, 'outcomes', 'council-2012-06-25.yaml'), '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const folder = path.join(out, 'council-2012-06-25');
    // Item 9 is exempt: its whole record goes in the exempt minutes, for members.
    expect((await readdir(folder)).sort()).toEqual(['minutes-exempt.html', 'minutes-exempt.md', 'minutes-exempt.pdf', 'minutes.html', 'minutes.md', 'minutes.pdf']);
    const markdown = await readFile(path.join(folder, 'minutes.md'), 'utf8');
    expect(markdown).toContain('**Present:** Councillor Anne Regan (Chair), Councillor Bernard Fisher, Councillor Carol Hay');
    // Agreed as recommended: the report's recommendations are the resolution.
    expect(markdown).toMatch(/## 5 Commissioning Protocol\n\n\*\*RESOLVED\*\* \(Agreed\)\n\nThat Council:\n\n1\. endorses the commissioning protocol;/);
    expect(markdown).toMatch(/## 7 Car Parking Strategy\n\n\*\*RESOLVED\*\* \(Agreed as amended\)\n\nThat Council:\n\n1\. adopts the car parking strategy 2012–2017, with the tariff review brought forward to 2013;/);
    expect(markdown).toMatch(/## 9 Disposal of Land at North Place\n\n\*Exempt: paragraph\(s\) 3 of Schedule 12A\*\n\n\*\*Declarations of interest:\*\* Councillor Carol Hay: A relative owns land next to North Place\n\n\*\*Deferred\*\*/);
    // The late item of the supplement, with the reason for urgency the law says the minutes record.
    expect(markdown).toMatch(/## 10 Urgent item: storm damage to the Promenade\n\n\*\*The Chair agreed that this item be considered as a matter of urgency, for the following reason:\*\*\n\nThe storm of 18 June 2012 damaged the Promenade/);
    expect(markdown).toMatch(/Chair: _+ {2}Date: _+/);
    const html = await readFile(path.join(folder, 'minutes.html'), 'utf8');
    expect(await withBrowserPage(1280, (page) => axeViolations(page, html))).toEqual([]);
    const pdf = await readPdf(path.join(folder, 'minutes.pdf'));
    expect(pdf.info.marked).toBe(true);
    expect(pdf.pages.join(' ')).toContain('RESOLVED');
  });

  it('writes a decision notice for each executive decision, with its reasons, alternatives, interests and the call-in period (bank holidays skipped)', async () => {
    const file = await outcomesWith('cabinet.yaml', {
      executive: true,
      publishedOn: '2012-08-22',
      decisions: [
        { item: 7, outcome: 'agreed', reasons: 'The strategy meets the parking needs found in the review.', alternatives: 'Keeping the present charges, rejected: they do not meet the costs.' },
        { item: 9, outcome: 'deferred' },
      ],
    });
    const out = path.join(dir, 'out-cabinet');
    const run = await runCli('outcomes', file, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const folder = path.join(out, 'council-2012-06-25');
    expect((await readdir(folder)).filter((name) => name.startsWith('decision-notice')).sort()).toEqual(['decision-notice-item-7.html', 'decision-notice-item-7.pdf']);
    const notice = (await readPdf(path.join(folder, 'decision-notice-item-7.pdf'))).pages.join(' ');
    for (const text of ['Record of executive decision', 'Car Parking Strategy', 'This is a key decision.', 'The strategy meets the parking needs', 'Keeping the present charges, rejected', 'Published 22 August 2012'])
      expect(notice).toContain(text);
    // Five working days from Wednesday 22 August 2012, the bank holiday of 27 August skipped.
    expect(notice).toContain('The decision may be called in until the end of 30 August 2012; unless it is, it takes effect on 31 August 2012.');
  });

  it('keeps an exempt decision’s words out of the public minutes and decision notice, and gives members the whole record', async () => {
    // Agreed as recommended: the resolution would be the exempt report's recommendations.
    const file = await outcomesWith('private.yaml', {
      executive: true,
      decisions: [{ item: 9, outcome: 'agreed', reasons: 'The preferred bid gives best consideration for the land.', alternatives: 'Holding the land, rejected.' }],
    });
    const out = path.join(dir, 'out-private');
    const run = await runCli('outcomes', file, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const folder = path.join(out, 'council-2012-06-25');
    const read = async (name: string) => (name.endsWith('.pdf') ? (await readPdf(path.join(folder, name))).pages.join(' ') : await readFile(path.join(folder, name), 'utf8'));
    const secret = ['Halberd Estates', '3,275,000', 'best consideration for the land', 'Holding the land'];
    // Positive control: the members' record has every phrase.
    for (const name of ['minutes-exempt.md', 'minutes-exempt.html', 'minutes-exempt.pdf', 'decision-notice-item-9-exempt.html', 'decision-notice-item-9-exempt.pdf']) {
      const text = await read(name);
      for (const phrase of secret) expect(text, `${phrase} in ${name}`).toContain(phrase);
      expect(text).toContain('NOT FOR PUBLICATION');
    }
    for (const name of ['minutes.md', 'minutes.html', 'minutes.pdf', 'decision-notice-item-9.html', 'decision-notice-item-9.pdf']) {
      const text = await read(name);
      for (const phrase of secret) expect(text.includes(phrase), `${phrase} in ${name}`).toBe(false);
      expect(text).toContain('Disposal of Land at North Place');
    }
    expect(await read('minutes.md')).toContain('Its record contains exempt information and is in the exempt minutes');
    expect(await read('decision-notice-item-9.pdf')).toContain('The details of this decision contain exempt information (paragraph(s) 3 of Schedule 12A');
    // The NOT FOR PUBLICATION mark at the top of each page is an artifact, as the page numbers are.
    for (const name of ['minutes-exempt.pdf', 'decision-notice-item-9-exempt.pdf', 'decision-notice-item-9.pdf']) {
      expect(await matterhornFindings(new Uint8Array(await readFile(path.join(folder, name))), { claimsPdfUa: true }), name).toEqual([]);
    }
  });

  it('refuses outcomes that do not match the meeting, located: an unknown item, an executive decision without its reasons', async () => {
    const file = await outcomesWith('wrong.yaml', {
      executive: true,
      decisions: [
        { item: 12, outcome: 'agreed' },
        { item: 7, outcome: 'agreed' },
      ],
    });
    const run = await runCli('outcomes', file, '--out', path.join(dir, 'out-wrong'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/wrong\.yaml:\d+:\d+ decisions\[0\]\.item: the meeting has no item 12 \(its items are 1 to 10\)/);
    expect(run.stderr).toMatch(/wrong\.yaml:\d+:\d+ decisions\[1\]: an executive decision must give its reasons/);
    expect(await readdir(path.join(dir, 'out-wrong')).catch(() => [])).toEqual([]);
  });
});
