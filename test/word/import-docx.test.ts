import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { loadCouncilConfig } from '../../src/config/council.js';
import type { CouncilConfig } from '../../src/schema/council.js';
import { loadReport } from '../../src/report/load-report.js';
import { renderReportDocx } from '../../src/word/report-docx.js';
import { importReportDocx } from '../../src/word/import-docx.js';
import { importReportFile } from '../../src/word/import-report-file.js';
import { renderedText } from '../helpers/same-text.js';
import { SAMPLE_REPORT, sampleReportData, sampleReportFileData, validReport } from '../helpers/sample.js';
import { renderReportHtml } from '../../src/render/report-html.js';
import { handTypedReport, styledReport } from '../helpers/word-fixtures.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/cli.js';
import { papersCli } from '../helpers/source-bundle.js';
import JSZip from 'jszip';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

let config: CouncilConfig;
let dir: string;

beforeAll(async () => {
  config = await loadCouncilConfig();
  dir = await tempDir('papers-word-import-');
});
afterAll(removeTempDirs);

async function sampleAsDocx(): Promise<Uint8Array> {
  const loaded = await loadReport(SAMPLE_REPORT, config);
  if (!loaded.ok) throw new Error('the sample report should load');
  return renderReportDocx(loaded.value, config, loaded.images);
}

describe('importing a report from Word', () => {
  it('reads the seed report, written as a .docx in its own layout, back to the sample data field by field, with nothing to look at', async () => {
    const imported = await importReportDocx(await sampleAsDocx(), config, 'commissioning-protocol');
    const expected = sampleReportFileData();
    expect(Object.keys(imported.data)).toEqual(Object.keys(expected));
    for (const field of Object.keys(expected)) expect(renderedText(imported.data[field]), field).toEqual(renderedText(expected[field]));
    // The appendix's file comes back from the link on its title.
    expect(imported.data.appendices).toEqual([{ title: 'Commissioning Protocol', file: '../appendices/commissioning-protocol.md' }]);
    expect(imported.notes).toEqual([]);
    expect(imported.images).toEqual([]);
    // And it builds to the same text as the sample.
    const textOf = async (data: Record<string, unknown>) => (await renderReportHtml(await validReport(data, config), config)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(await textOf(imported.data)).toBe(await textOf(expected));
  });

  it('gives back what it wrote for a report using more of the format: key decision, draft, exempt, roles, lists, tables, quotations, emphasis and links', async () => {
    const data = {
      ...sampleReportData(),
      status: 'draft',
      classification: 'exempt',
      exemptParagraphs: [3, 4],
      keyDecision: true,
      forwardPlanReference: 'FP-2012-114',
      executiveSummary: 'The council **must** decide by *July*.\n\nA second paragraph, with [a link](https://www.example.gov.uk/plan).',
      recommendations: { intro: 'That Cabinet:', items: ['approves the plan;', 'notes **the risks**.'] },
      implications: [
        { heading: 'Financial implications', text: 'Costs:\n\n- £10,000 in 2012\n- £12,000 in 2013', contact: { name: 'Paul Jones', role: 'Head of Finance', email: 'paul.jones@cheltenham.gov.uk', phone: '01242 775154' } },
        { heading: 'Legal implications', text: 'None.', contact: { name: 'Peter Lewis', email: 'peter.lewis@tewkesbury.gov.uk' } },
      ],
      sections: [
        {
          heading: 'Options',
          paragraphs: ['Three options:\n\n1. do nothing;\n2. consult;\n3. proceed.', 'The costs:\n\n| Option | Cost |\n| --- | --- |\n| Consult | £2,000 |\n| Proceed | £9,000 |', 'As the leader said:\n\n> We will listen first.'],
        },
        { heading: 'Timetable', paragraphs: ['Work starts in *September*.'] },
      ],
      appendices: [
        { title: 'Costings (2012/13)', file: 'costings.pdf' },
        { title: 'Plan', file: 'plan.md', exemptParagraphs: [3] },
      ],
      backgroundPapers: ['[Cabinet, 10 May 2012](https://www.example.gov.uk/cabinet-2012-05-10)', 'Officer notes'],
    };
    const report = await validReport(data, config);
    const imported = await importReportDocx(await renderReportDocx(report, config), config, 'plan');
    // Exempt paragraphs of an appendix are meeting business, not in the Word document.
    const expected = { ...data, appendices: data.appendices.map(({ exemptParagraphs: _paragraphs, ...rest }) => rest) };
    for (const field of Object.keys(expected)) expect(renderedText(imported.data[field]), field).toEqual(renderedText((expected as Record<string, unknown>)[field]));
    expect(imported.notes).toEqual([]);
  });

  it('reads a report typed by hand: a merged row, a soft return, typed numbers and bold headings, tracked changes accepted', async () => {
    const imported = await importReportDocx(await handTypedReport(), config, 'car-parking');
    const data = imported.data as Record<string, unknown>;
    expect(data.meeting).toEqual({ body: 'Cabinet', date: '2012-07-10' });
    expect(data.title).toBe('Car Parking Review');
    // A soft return inside a plain field is a space; labels matched whatever their case and punctuation.
    expect(data.accountableMember).toBe('Cabinet Member Built Environment, Councillor Andrew McKinlay');
    expect(data.wards).toBe('All');
    expect(data.keyDecision).toBe(true);
    expect(data.forwardPlanReference).toBe('FP-2012-07');
    // The deletion is gone and the insertion kept: the changes accepted.
    expect(data.executiveSummary).toBe('The review proposes fairer charges.');
    expect(data.recommendations).toEqual({ intro: 'That Cabinet:', items: ['approves the review;', 'asks the director to report back.'] });
    expect((data.implications as unknown[])[0]).toEqual({
      heading: 'Financial Implications',
      text: 'Income rises by £40,000.',
      contact: { name: 'Paul Jones', role: 'Head of Finance', email: 'paul.jones@cheltenham.gov.uk', phone: '01242 775154' },
    });
    expect(data.sections).toEqual([
      { heading: 'Background', paragraphs: ['The last review was in 2008.', 'Charges have not changed since.'] },
      { heading: 'Proposals', paragraphs: ['The proposals are:\n\na) fairer charges;'] },
    ]);
    expect(data.author).toEqual({ name: 'Grahame Lewis', email: 'grahame.lewis@cheltenham.gov.uk', phone: '01242 264110' });
    expect(data.appendices).toEqual([{ title: 'Tariff table' }, { title: 'Consultation responses' }]);
    expect(data.backgroundPapers).toEqual([]);
    // The merged row is named where it is, and so is each appendix without a file.
    expect(imported.notes.map((note) => `${note.where}: ${note.message}`)).toEqual([
      'table 1, row 1: a row of 1 cell(s) where the format has two (a label and its content)',
      expect.stringMatching(/^table 2, row 2: appendix 1 has no file/),
      expect.stringMatching(/^table 2, row 2: appendix 2 has no file/),
    ]);
  });

  it('reads a report in Word styles written unlike the seed, and names what a person must look at', async () => {
    const imported = await importReportDocx(await styledReport(), config, 'annual-report');
    const data = imported.data as Record<string, unknown>;
    expect(data.status).toBe('draft');
    expect(data.recommendations).toEqual({ intro: 'That Council:', items: ['notes the report.'] });
    expect(data.sections).toEqual([{ heading: 'Performance', paragraphs: ['Most targets were met.\n\n![](annual-report-image-1.png)'] }]);
    expect(imported.images.map((image) => image.name)).toEqual(['annual-report-image-1.png']);
    const notes = imported.notes.map((note) => note.message);
    expect(notes).toContainEqual(expect.stringMatching(/^the first paragraph of section 1 \("Performance"\) has no number; taken as paragraph 1\.1/));
    expect(notes).toContainEqual(expect.stringMatching(/^a picture \(annual-report-image-1\.png\) has no alternative text/));
  });

  it('writes the data file with its pictures and notes, checks it, and refuses to replace a file unless told', async () => {
    const docx = path.join(dir, 'annual-report.docx');
    await writeFile(docx, await styledReport());
    const result = await importReportFile(docx, { config });
    expect(result.dataFile).toBe(path.join(dir, 'annual-report.yaml'));
    const text = await readFile(result.dataFile, 'utf8');
    expect(text).toMatch(/# NOTE \(paragraph \d+\): a picture \(annual-report-image-1\.png\) has no alternative text/);
    expect(parse(text).sections[0].heading).toBe('Performance');
    expect(await readFile(path.join(dir, 'annual-report-image-1.png'))).toHaveLength((await readFile(result.images[0] as string)).length);
    // The picture without alternative text is what stops it building, said as check says it.
    expect(result.problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([expect.stringMatching(/^sections\[0\]\.paragraphs\[0\]: .*alt/i)]);
    await expect(importReportFile(docx, { config })).rejects.toThrow(/annual-report\.yaml is already there; choose another name with --out, or replace it with --force/);
    await expect(importReportFile(docx, { config, force: true })).resolves.toMatchObject({ dataFile: result.dataFile });
  });

  it('from the command line: the seed imports to a file that is valid (exit 0) with nothing to look at; a file that is not a .docx is refused', async () => {
    const docx = path.join(dir, 'commissioning-protocol.docx');
    await writeFile(docx, await sampleAsDocx());
    const run = await runCli('import', docx);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/commissioning-protocol\.yaml: valid\n/);
    const notWord = path.join(dir, 'notes.docx');
    await writeFile(notWord, 'just text');
    const refused = await runCli('import', notWord);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('expected a Word document (.docx); this file is not one');
  });

  describe('a document that expands far past any report', () => {
    /** The sample as a .docx with 40 MiB of paragraphs added to its text: under 200 KB on disk. */
    async function swollenDocx(understated: boolean): Promise<Buffer> {
      const zip = await JSZip.loadAsync(await sampleAsDocx());
      const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
      const filler = '<w:p><w:r><w:t>Filler text of a swollen document.</w:t></w:r></w:p>'.repeat(Math.ceil((40 * 2 ** 20) / 70));
      zip.file('word/document.xml', xml.replace('<w:body>', `<w:body>${filler}`));
      const bytes = Buffer.from(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } }));
      if (understated) {
        // Its directory says every part is 1 KB: a reader that trusts it is fooled.
        for (let at = bytes.indexOf(CENTRAL_ENTRY); at >= 0; at = bytes.indexOf(CENTRAL_ENTRY, at + 4)) bytes.writeUInt32LE(1024, at + 24);
      }
      return bytes;
    }
    const CENTRAL_ENTRY = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
    const swollen = (understated: boolean) => path.join(dir, `swollen-${understated}.docx`);

    beforeAll(async () => {
      for (const understated of [false, true]) await writeFile(swollen(understated), await swollenDocx(understated));
    });

    it('is refused by what it really expands to, not what it says, whether it says the truth or understates it', async () => {
      for (const understated of [false, true]) {
        const run = await runCli('import', swollen(understated));
        expect(run.status, run.stderr).toBe(1);
        expect(run.stderr).toContain('the Word document expands past 16 MiB (its text and layout), more than any report needs; it was not read');
        await expect(readFile(path.join(dir, `swollen-${understated}.yaml`))).rejects.toThrow(/ENOENT/);
      }
    });

    it('is refused in bounded time and memory (a process held to 256 MB of heap, 30 s)', async () => {
      const started = performance.now();
      const run = spawnSync(process.execPath, ['--max-old-space-size=256', papersCli(), 'import', swollen(true), '--out', path.join(dir, 'never.yaml')], { encoding: 'utf8', timeout: 30_000 });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain('expands past 16 MiB');
      expect(performance.now() - started).toBeLessThan(30_000);
    });

    it('is held to the text limit by what a part is, not its name: XML named as a picture', async () => {
      const zip = await JSZip.loadAsync(await sampleAsDocx());
      zip.file('word/media/image9.png', `<?xml version="1.0"?><w:document>${'<w:p><w:r><w:t>Filler</w:t></w:r></w:p>'.repeat(Math.ceil((40 * 2 ** 20) / 40))}</w:document>`);
      const file = path.join(dir, 'xml-as-picture.docx');
      await writeFile(file, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
      const run = await runCli('import', file);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain('expands past 16 MiB (its text and layout)');
    });

    it('is read when it is only large in its pictures (a real report with photographs)', async () => {
      const zip = await JSZip.loadAsync(await sampleAsDocx());
      // 20 MiB of incompressible "photograph": media are not held to the text limit.
      zip.file('word/media/photograph.bin', randomBytes(20 * 2 ** 20));
      const file = path.join(dir, 'photographs.docx');
      await writeFile(file, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
      const run = await runCli('import', file);
      expect(run.status, run.stderr).toBe(0);
    });
  });
});
