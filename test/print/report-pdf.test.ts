import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readPdf, type PdfReading } from '../helpers/pdf.js';
import { matterhornFindings } from '../helpers/matterhorn.js';
import { runCli } from '../helpers/cli.js';
import { SAMPLE_REPORT } from '../helpers/sample.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

/** The seed report's content in the seed's order: names, contacts, numbered paragraphs. */
const SEED_IN_ORDER = [
  'Cheltenham Borough Council',
  'Council – 25 June 2012',
  'Commissioning Protocol',
  'Accountable member',
  'Councillor Jon Walklett',
  'Director of Commissioning, Jane Griffiths',
  'None directly',
  'Significant Decision',
  'strategic commissioning approach',
  'That Council:',
  'endorses the commissioning protocol;',
  'Overview and Scrutiny Committee.',
  'Contact officer: Paul Jones, paul.jones@cheltenham.gov.uk, 01242 775154',
  'Contact officer: Peter Lewis, peter.lewis@tewkesbury.gov.uk, 01684 272012',
  'HR implications (including learning and organisational development)',
  'Contact officer: Julie McCarthy, julie.mccarthy@cheltenham.gov.uk, 01242 264355',
  'Key risks',
  'medium term financial strategy',
  'Corporate and community plan Implications',
  'Environmental and climate change implications',
  '1. Background',
  '1.1 In December 2010',
  'By April 2012 we will lead our community',
  '1.2 A formal programme',
  '1.3 A short protocol',
  '1.4 The protocol can be found in appendix 1.',
  '2. Reasons for recommendations',
  '2.1 A clear and consistent',
  '3. Alternative options considered',
  '3.1 Alternatives to becoming',
  '4. Consultation and feedback',
  '4.1 The importance of consultation',
  '4.2 The protocol itself',
  '5. Performance management – monitoring and review',
  '5.1 It is proposed',
  'Report author',
  // The row says "Report author"; the line does not repeat "Contact officer" (a fault of the seed's layout, fixed).
  'Jane Griffiths, jane.griffiths@cheltenham.gov.uk, 01242 264126',
  'Appendices',
  'Commissioning Protocol',
  'Background information',
  'Council minutes – 13th December 2010 (item 14)',
];

describe('report PDF', () => {
  let outDir: string;
  let pdf: PdfReading;

  beforeAll(async () => {
    outDir = await tempDir('papers-pdf-');
    const run = await runCli('build', SAMPLE_REPORT, '--out', outDir);
    expect(run.stderr).not.toMatch(/FAILED|failed/);
    expect(run.status).toBe(0);
    pdf = await readPdf(path.join(outDir, 'commissioning-protocol.pdf'));
  });

  it('writes the HTML and the PDF, and nothing else', async () => {
    expect((await readdir(outDir)).sort()).toEqual(['commissioning-protocol.html', 'commissioning-protocol.pdf']);
  });

  it('keeps the words of an author’s narrow table columns whole ("Analyse", not "Analys" and "e")', () => {
    const appendix = pdf.pages.find((text) => text.includes('The commissioning cycle')) ?? '';
    expect(appendix).toMatch(/\bAnalyse\b/);
  });

  it('shows "Page X of Y" on every page', () => {
    expect(pdf.pageCount).toBeGreaterThanOrEqual(2);
    pdf.pages.forEach((text, index) => {
      expect(text).toContain(`Page ${index + 1} of ${pdf.pageCount}`);
    });
  });

  it('is tagged, with headings, tables, header cells and lists in its structure tree', () => {
    expect(pdf.info.marked).toBe(true);
    expect(pdf.structureRoles).toEqual(expect.arrayContaining(['Document', 'H1', 'H2', 'Table', 'TH', 'TD', 'L', 'LI', 'BlockQuote']));
  });

  it('has a bookmark for the title, every numbered section and the appendix, pointing at its page', () => {
    expect(pdf.bookmarks).toHaveLength(1);
    const [title] = pdf.bookmarks;
    expect(title?.title).toBe('Commissioning Protocol');
    expect(title?.pageIndex).toBe(0);
    expect(title?.children.map((child) => child.title)).toEqual([
      '1. Background',
      '2. Reasons for recommendations',
      '3. Alternative options considered',
      '4. Consultation and feedback',
      '5. Performance management – monitoring and review',
      // Built whole: the appendix's papers follow the report, under its own heading.
      'Appendix 1: Commissioning Protocol',
    ]);
    for (const section of title?.children ?? []) expect(pdf.pages[section.pageIndex]).toContain(section.title);
  });

  it('carries title, author, subject and language', () => {
    expect(pdf.info.Title).toBe('Commissioning Protocol – Cheltenham Borough Council');
    expect(pdf.info.Author).toBe('Jane Griffiths');
    expect(pdf.info.Subject).toBe('Cheltenham Borough Council, Council, 25 June 2012');
    expect(pdf.language).toBe('en-GB');
  });

  it("holds the seed's content as real text, in the seed's order", () => {
    const text = pdf.pages
      .join(' ')
      .replace(/Page \d+ of \d+/g, ' ')
      .replace(/\s+/g, ' ');
    let from = 0;
    for (const phrase of SEED_IN_ORDER) {
      const at = text.indexOf(phrase, from);
      expect(at, `"${phrase}" after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at + phrase.length;
    }
  });
});

describe('report PDF of a draft with long headings', () => {
  it('shows DRAFT on every page, and bookmarks a wrapped heading with its exact text', async () => {
    const { writeFile } = await import('node:fs/promises');
    const { stringify } = await import('yaml');
    const { sampleReportData } = await import('../helpers/sample.js');
    const dir = await tempDir('papers-draft-');
    const data = sampleReportData();
    data.status = 'draft';
    const longHeading = 'Performance management, monitoring and review of the commissioning protocol by the Overview and Scrutiny Committee';
    (data.sections as Array<{ heading: string }>)[4]!.heading = longHeading;
    await writeFile(path.join(dir, 'draft.yaml'), stringify(data));
    const run = await runCli('build', path.join(dir, 'draft.yaml'), '--out', dir, '--format', 'pdf');
    expect(run.status).toBe(0);
    const draft = await readPdf(path.join(dir, 'draft.pdf'));
    draft.pages.forEach((text, index) => {
      expect(text, `page ${index + 1}`).toContain('DRAFT');
    });
    // The DRAFT mark is an artifact, and the draft meets every checked PDF/UA checkpoint too.
    expect(await matterhornFindings(new Uint8Array(await readFile(path.join(dir, 'draft.pdf'))), { claimsPdfUa: true })).toEqual([]);
    const titles = draft.bookmarks[0]?.children.map((child) => child.title);
    expect(titles?.filter((title) => /^\d+\. /.test(title)).at(-1)).toBe(`5. ${longHeading}`);
  });
});
