import { beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { DOMParser } from '@xmldom/xmldom';
import { loadCouncilConfig } from '../../src/config/council.js';
import type { CouncilConfig } from '../../src/schema/council.js';
import { loadReport } from '../../src/report/load-report.js';
import { renderReportDocx } from '../../src/word/report-docx.js';
import { SAMPLE_REPORT, sampleReportData, validReport } from '../helpers/sample.js';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

/** A report written as a Word document: well-formed, in Word's own structures, reading like the seed. */
let config: CouncilConfig;
let zip: JSZip;

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

async function xmlOf(part: string) {
  const text = await zip.file(part)?.async('string');
  if (text === undefined) throw new Error(`${part} is missing`);
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(text, 'text/xml');
  expect(errors, `${part} is well-formed XML`).toEqual([]);
  return document;
}

beforeAll(async () => {
  config = await loadCouncilConfig();
  const loaded = await loadReport(SAMPLE_REPORT, config);
  if (!loaded.ok) throw new Error('the sample report should load');
  zip = await JSZip.loadAsync(await renderReportDocx(loaded.value, config, loaded.images));
});

describe('a report written as a Word document', () => {
  it('has the parts Word needs, each well-formed, tied together by the package’s content types and relationships', async () => {
    const types = await xmlOf('[Content_Types].xml');
    const overrides = [...Array.from(types.getElementsByTagName('Override'))].map((node) => node.getAttribute('PartName'));
    for (const part of ['/word/document.xml', '/word/styles.xml', '/word/numbering.xml', '/docProps/core.xml']) expect(overrides).toContain(part);
    const relationships = await xmlOf('word/_rels/document.xml.rels');
    const targets = Array.from(relationships.getElementsByTagName('Relationship')).map((node) => node.getAttribute('Target'));
    for (const target of ['styles.xml', 'numbering.xml']) expect(targets).toContain(target);
    for (const part of ['word/document.xml', 'word/styles.xml', 'word/numbering.xml', 'word/settings.xml', 'docProps/core.xml', 'docProps/app.xml']) await xmlOf(part);
    // Every part the document refers to is in the package (a dangling one and Word refuses the file).
    const internal = Array.from(relationships.getElementsByTagName('Relationship')).filter((node) => node.getAttribute('TargetMode') !== 'External');
    for (const node of internal) expect(zip.file(`word/${node.getAttribute('Target')}`), node.getAttribute('Target') ?? '').not.toBeNull();
    const footers = targets.filter((target) => target?.startsWith('footer'));
    expect(footers.length).toBeGreaterThan(0);
    for (const footer of footers) await xmlOf(`word/${footer}`);
    // Every style and list numbering the text uses is defined.
    const document = await xmlOf('word/document.xml');
    const styles = await xmlOf('word/styles.xml');
    const defined = new Set(Array.from(styles.getElementsByTagNameNS(W, 'style')).map((style) => style.getAttributeNS(W, 'styleId')));
    for (const used of new Set(Array.from(document.getElementsByTagNameNS(W, 'pStyle')).map((node) => node.getAttributeNS(W, 'val')))) expect(defined, `style ${used}`).toContain(used);
    const numbering = await xmlOf('word/numbering.xml');
    const numbers = new Set(Array.from(numbering.getElementsByTagNameNS(W, 'num')).map((node) => node.getAttributeNS(W, 'numId')));
    const usedNumbers = new Set(Array.from(document.getElementsByTagNameNS(W, 'numId')).map((node) => node.getAttributeNS(W, 'val')));
    expect(usedNumbers.size).toBeGreaterThan(0);
    for (const used of usedNumbers) expect(numbers, `numbering ${used}`).toContain(used);
  });

  it('uses Word heading styles for the title and the numbered sections, in order, so the navigation pane finds them', async () => {
    const document = await xmlOf('word/document.xml');
    const headings = Array.from(document.getElementsByTagNameNS(W, 'p'))
      .map((paragraph) => ({
        style: paragraph.getElementsByTagNameNS(W, 'pStyle')[0]?.getAttributeNS(W, 'val') ?? '',
        text: Array.from(paragraph.getElementsByTagNameNS(W, 't'))
          .map((node) => node.textContent)
          .join(''),
      }))
      .filter((paragraph) => /^Heading\d$/.test(paragraph.style));
    expect(headings).toEqual([
      { style: 'Heading1', text: 'Commissioning Protocol' },
      { style: 'Heading2', text: '1. Background' },
      { style: 'Heading2', text: '2. Reasons for recommendations' },
      { style: 'Heading2', text: '3. Alternative options considered' },
      { style: 'Heading2', text: '4. Consultation and feedback' },
      { style: 'Heading2', text: '5. Performance management – monitoring and review' },
    ]);
    const styles = await xmlOf('word/styles.xml');
    const defined = Array.from(styles.getElementsByTagNameNS(W, 'style')).map((style) => style.getAttributeNS(W, 'styleId'));
    for (const style of ['Heading1', 'Heading2', 'Quote']) expect(defined).toContain(style);
    // The document's language, for spelling and screen readers.
    expect(Array.from(styles.getElementsByTagNameNS(W, 'lang')).map((node) => node.getAttributeNS(W, 'val'))).toContain('en-GB');
  });

  it('reads like the seed: heading lines, the cover table, numbered paragraphs, the closing table, and "Page X of Y" in the footer', async () => {
    const buffer = await zip.generateAsync({ type: 'nodebuffer' });
    const { value: text } = await mammoth.extractRawText({ buffer });
    const lines = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    expect(lines.slice(0, 3)).toEqual(['Cheltenham Borough Council', 'Council – 25 June 2012', 'Commissioning Protocol']);
    const order = [
      'Accountable member',
      'Cabinet Member Corporate Services, Councillor Jon Walklett',
      'Significant Decision',
      'No',
      'Recommendations',
      'That Council:',
      'Financial implications',
      'Contact officer: Paul Jones, paul.jones@cheltenham.gov.uk, 01242 775154',
      '1. Background',
      '1.1\tIn December 2010, Council agreed',
      '1.4\tThe protocol can be found in appendix 1.',
      'Report author',
      'Jane Griffiths, jane.griffiths@cheltenham.gov.uk',
      'Appendices',
      'Commissioning Protocol',
      'Background information',
      'Council minutes – 13th December 2010 (item 14)',
    ];
    let at = -1;
    for (const expected of order) {
      const found = lines.findIndex((line, index) => index > at && line.startsWith(expected));
      expect(found, `"${expected}" after line ${at}`).toBeGreaterThan(at);
      at = found;
    }
    const footer = await zip.file('word/footer1.xml')?.async('string');
    expect(footer).toMatch(/Page\s*<\/w:t>[\s\S]*PAGE[\s\S]*of\s*<\/w:t>[\s\S]*NUMPAGES/);
    const core = await zip.file('docProps/core.xml')?.async('string');
    expect(core).toContain('<dc:title>Commissioning Protocol</dc:title>');
    expect(core).toContain('<dc:creator>Jane Griffiths</dc:creator>');
  });

  it('keeps an author’s lists, tables (with a header row), links and pictures (with their alternative text) as Word structures', async () => {
    const data = sampleReportData();
    const sections = data.sections as Array<{ heading: string; paragraphs: string[] }>;
    sections[0]?.paragraphs.push('The charges:\n\n| Zone | Charge |\n| --- | --- |\n| Centre | £2 |\n\n- first point\n- second point\n\nSee [the budget](https://www.example.gov.uk/budget).');
    const report = await validReport(data, config);
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
    report.sections[1]?.paragraphs.push('![A map of the town centre car parks](map.png)');
    const built = await JSZip.loadAsync(await renderReportDocx(report, config, new Map([['map.png', png]])));
    const xml = (await built.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toMatch(/<w:numPr>/);
    expect(xml).toMatch(/descr="A map of the town centre car parks"/);
    expect(Object.keys(built.files).some((name) => name.startsWith('word/media/'))).toBe(true);
    const relationships = (await built.file('word/_rels/document.xml.rels')?.async('string')) ?? '';
    expect(relationships).toContain('https://www.example.gov.uk/budget');
    const { value: html } = await mammoth.convertToHtml({ buffer: await built.generateAsync({ type: 'nodebuffer' }) });
    expect(html).toContain('<ul><li>first point</li><li>second point</li></ul>');
    expect(html).toMatch(/<th><p><strong>Zone<\/strong><\/p><\/th>/);
  });

  it('marks a draft on every page and an exempt report with its notice', async () => {
    const report = await validReport({ ...sampleReportData(), status: 'draft', classification: 'exempt', exemptParagraphs: [3] }, config);
    const built = await JSZip.loadAsync(await renderReportDocx(report, config));
    const header = Object.keys(built.files).find((name) => /^word\/header\d*\.xml$/.test(name));
    expect(await built.file(header ?? '')?.async('string')).toContain('DRAFT');
    const { value: text } = await mammoth.extractRawText({ buffer: await built.generateAsync({ type: 'nodebuffer' }) });
    expect(text).toContain('NOT FOR PUBLICATION by virtue of paragraph(s) 3 of Part 1 of Schedule 12A');
  });

  it('is written by papers build --format docx beside the other formats', async () => {
    const out = await tempDir('papers-word-build-');
    const run = await runCli('build', SAMPLE_REPORT, '--format', 'html,docx', '--out', out);
    expect(run.status).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['commissioning-protocol.docx', 'commissioning-protocol.html']);
    const { value } = await mammoth.extractRawText({ path: path.join(out, 'commissioning-protocol.docx') });
    expect(value).toContain('Commissioning Protocol');
    await removeTempDirs();
  });
});
