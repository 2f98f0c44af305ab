import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { sampleReportData } from '../helpers/sample.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { printAppendix } from '../helpers/real-world-pdfs.js';
import { sharedPrinter } from '../helpers/shared-browser.js';

/** papers build gives the author the whole report: its appendices after it, numbered as the report numbers them. */
let dir: string;
beforeAll(async () => {
  dir = await tempDir('papers-report-appendices-');
  const printer = sharedPrinter();
  await writeFile(path.join(dir, 'spreadsheet.pdf'), await printAppendix(printer, { shape: 'spreadsheet', pages: 3, marker: 'budget spreadsheet' }));
  await writeFile(path.join(dir, 'notes.md'), '# Notes\n\nThe consultation ran for **six weeks**.\n');
  const inner = { ...sampleReportData(), title: 'Equality impact assessment', appendices: [] };
  await writeFile(path.join(dir, 'eqia.yaml'), stringify(inner));
  const report = {
    ...sampleReportData(),
    appendices: [{ title: 'Consultation notes', file: 'notes.md' }, { title: 'Budget spreadsheet', file: 'spreadsheet.pdf' }, { title: 'Equality impact assessment', file: 'eqia.yaml' }, { title: 'Published elsewhere' }],
  };
  await writeFile(path.join(dir, 'whole.yaml'), stringify(report));
});
afterAll(removeTempDirs);

function flatTitles(bookmarks: ReadonlyArray<{ title: string; children?: ReadonlyArray<unknown> }>): string[] {
  return bookmarks.flatMap((bookmark) => [bookmark.title, ...flatTitles((bookmark.children ?? []) as ReadonlyArray<{ title: string; children?: ReadonlyArray<unknown> }>)]);
}

describe('building a report with its appendices', () => {
  it('prints each appendix after the report: Markdown and report data as text, a PDF’s pages drawn in landscape, all numbered as one document', async () => {
    const out = path.join(dir, 'out');
    const run = await runCli('build', path.join(dir, 'whole.yaml'), '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const pdf = await readPdf(path.join(out, 'whole.pdf'));
    const pages = pdf.pages.length;
    const text = pdf.pages;
    const at = (needle: string) => text.findIndex((page) => page.includes(needle));
    // In the report's order, each under "Appendix N: title".
    const notes = at('Appendix 1: Consultation notes');
    const sheet = at('budget spreadsheet');
    const eqia = at('Appendix 3: Equality impact assessment');
    expect(notes).toBeGreaterThan(0);
    expect(sheet).toBeGreaterThan(notes);
    expect(eqia).toBeGreaterThan(sheet);
    expect(text[notes]).toContain('six weeks');
    // The spreadsheet's three pages: landscape, captioned, numbered in the report's sequence.
    for (let index = 0; index < 3; index++) {
      const size = pdf.pageSizes[sheet + index];
      expect(size?.width).toBeGreaterThan(size?.height ?? 0);
      expect(text[sheet + index]).toContain(`Page ${sheet + index + 1} of ${pages}`);
    }
    expect(text[sheet + 1]).toContain('Appendix 2: Budget spreadsheet (page 2 of 3)');
    // Bookmarks for each appendix.
    expect(flatTitles(pdf.bookmarks)).toEqual(expect.arrayContaining(['Appendix 1: Consultation notes', 'Appendix 2: Budget spreadsheet', 'Appendix 3: Equality impact assessment']));

    // The web page has the Markdown and report appendices, and says where the PDF's pages are.
    const html = await readFile(path.join(out, 'whole.html'), 'utf8');
    expect(html).toContain('<h2 id="appendix-1" class="appendix-heading">Appendix 1: Consultation notes</h2>');
    expect(html).toContain('six weeks');
    expect(html).toContain('This appendix is a PDF document of 3 page(s); its pages are in the PDF of this report.');
    expect(html).not.toContain('Appendix 4:');
  });

  it('takes a Markdown report (front matter and ## sections) as a report, and plain Markdown as papers', async () => {
    const report = { ...sampleReportData(), appendices: [{ title: 'The protocol as a report', file: path.resolve('data/markdown/commissioning-protocol.md') }] };
    const file = path.join(dir, 'markdown-report-appendix.yaml');
    await writeFile(file, stringify(report));
    const out = path.join(dir, 'out-markdown');
    const run = await runCli('build', file, '--format', 'html', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const html = await readFile(path.join(out, 'markdown-report-appendix.html'), 'utf8');
    // Rendered as a report: its cover table and numbered sections, under the appendix heading.
    const appendix = html.slice(html.indexOf('id="appendix-1"'));
    expect(appendix).toContain('class="cover-table"');
    expect(appendix).toMatch(/id="appendix-1-section-1"[^>]*>1\. Background/);
  });

  it('leaves them out with --no-appendices', async () => {
    const out = path.join(dir, 'out-without');
    const run = await runCli('build', path.join(dir, 'whole.yaml'), '--out', out, '--no-appendices');
    expect(run.status).toBe(0);
    const pdf = await readPdf(path.join(out, 'whole.pdf'));
    expect(pdf.pages.some((page) => page.includes('Appendix 1: Consultation notes'))).toBe(false);
    expect(pdf.pages.some((page) => page.includes('budget spreadsheet'))).toBe(false);
    expect(await readdir(out)).toEqual(['whole.html', 'whole.pdf']);
  });
});
