import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { readPdf, type Bookmark, type PdfReading } from '../helpers/pdf.js';
import { sampleReportData } from '../helpers/sample.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { printAppendix } from '../helpers/real-world-pdfs.js';
import { sharedPrinter } from '../helpers/shared-browser.js';
import { pagesWithUntaggedContent } from '../helpers/pdf-untagged.js';

/**
 * papers build of a public report with exempt appendices marks every page of them NOT FOR
 * PUBLICATION, as the members' pack does, and says which it marked: an author who forwards the
 * PDF must not publish them unmarked.
 */
let dir: string;
beforeAll(async () => {
  dir = await tempDir('papers-exempt-appendices-');
  const printer = sharedPrinter();
  await writeFile(path.join(dir, 'valuation.pdf'), await printAppendix(printer, { shape: 'spreadsheet', pages: 3, marker: 'valuation workings' }));
  await writeFile(path.join(dir, 'plan.pdf'), await printAppendix(printer, { shape: 'report', pages: 2, marker: 'site plan' }));
  await writeFile(path.join(dir, 'notes.md'), '# Notes\n\nThe consultation ran for **six weeks**.\n');
  // Long enough to run over several pages: each of them is marked, not only its first.
  const bids = Array.from({ length: 90 }, (_, index) => `Bidder ${index + 1} offered £${(index + 1) * 1000} for the site, subject to planning.`).join('\n\n');
  await writeFile(path.join(dir, 'tenders.md'), `# Tenders received\n\n${bids}\n`);
  const report = {
    ...sampleReportData(),
    appendices: [
      { title: 'Consultation notes', file: 'notes.md' },
      { title: 'Tenders received', file: 'tenders.md', exemptParagraphs: [3] },
      { title: 'Valuation', file: 'valuation.pdf', exemptParagraphs: [3, 5] },
      { title: 'Site plan', file: 'plan.pdf' },
    ],
  };
  await writeFile(path.join(dir, 'disposal.yaml'), stringify(report));
});
afterAll(removeTempDirs);

function flat(bookmarks: readonly Bookmark[]): Bookmark[] {
  return bookmarks.flatMap((bookmark) => [bookmark, ...flat(bookmark.children)]);
}

/** The NOT FOR PUBLICATION marks wholly on a page (not cut off at its edge, where a PDF's drawn page would cover it). */
function marksShown(pdf: PdfReading, page: number): string[] {
  const height = pdf.pageSizes[page]?.height ?? 0;
  return (pdf.items[page] ?? []).filter((item) => item.text.includes('NOT FOR PUBLICATION') && item.y >= 0 && item.y + item.size <= height).map((item) => item.text);
}

describe('building a report with exempt appendices', () => {
  it('marks every page of each exempt appendix, and only those, NOT FOR PUBLICATION (an artifact), and says which it marked', async () => {
    const out = path.join(dir, 'out');
    const file = path.join(dir, 'disposal.yaml');
    const run = await runCli('build', file, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const bytes = new Uint8Array(await readFile(path.join(out, 'disposal.pdf')));
    const pdf = await readPdf(bytes);
    // Where each appendix starts, from its bookmark; it runs to the next one's start.
    const starts = ['Consultation notes', 'Tenders received', 'Valuation', 'Site plan'].map((title, index) => {
      const bookmark = flat(pdf.bookmarks).find((entry) => entry.title === `Appendix ${index + 1}: ${title}`);
      expect(bookmark, title).toBeDefined();
      return bookmark?.pageIndex ?? -1;
    });
    const appendixOf = (page: number) => starts.findLastIndex((start) => start <= page) + 1;
    // The Markdown appendix runs over pages; the PDF has its 3.
    expect(starts[2]! - starts[1]!).toBeGreaterThan(1);
    expect(starts[3]! - starts[2]!).toBe(3);
    pdf.pages.forEach((text, page) => {
      const appendix = appendixOf(page);
      if (appendix === 2) expect(marksShown(pdf, page), `page ${page + 1}`).toContain('NOT FOR PUBLICATION: paragraph(s) 3 of Schedule 12A');
      else if (appendix === 3) expect(marksShown(pdf, page), `page ${page + 1}`).toContain('NOT FOR PUBLICATION: paragraph(s) 3 and 5 of Schedule 12A');
      else expect(text, `page ${page + 1}`).not.toContain('NOT FOR PUBLICATION');
    });
    // The PDF's pages are there under the mark.
    expect(pdf.pages[starts[2]!]).toContain('valuation workings');
    // The marks are artifacts, as every running mark (only the PDF's own drawn pages are let pass).
    expect(await pagesWithUntaggedContent(bytes, new Set(), true)).toEqual([]);
    // The author is told which appendices are marked, at each in the report.
    const warnings = run.stderr.split('\n').filter((line) => line.includes('NOT FOR PUBLICATION'));
    expect(warnings).toEqual([
      expect.stringMatching(/disposal\.yaml:\d+:\d+ appendices\[1\]: warning: Appendix 2: Tenders received is exempt \(paragraph\(s\) 3 of Schedule 12A\): its pages are marked NOT FOR PUBLICATION$/),
      expect.stringMatching(/disposal\.yaml:\d+:\d+ appendices\[2\]: warning: Appendix 3: Valuation is exempt \(paragraph\(s\) 3 and 5 of Schedule 12A\): its pages are marked NOT FOR PUBLICATION$/),
    ]);
    // The web page says so above the exempt Markdown appendix and the note for the exempt PDF.
    const html = await readFile(path.join(out, 'disposal.html'), 'utf8');
    const notice = '<strong>NOT FOR PUBLICATION</strong> by virtue of paragraph(s) 3 of Part 1 of Schedule 12A';
    expect(html.slice(html.indexOf('id="appendix-2"'), html.indexOf('id="appendix-3"'))).toContain(notice);
    expect(html.slice(html.indexOf('id="appendix-1"'), html.indexOf('id="appendix-2"'))).not.toContain('NOT FOR PUBLICATION');
  });

  it('marks every page of an exempt report, its PDF appendices’ pages included', async () => {
    const report = { ...sampleReportData(), classification: 'exempt', exemptParagraphs: [3], appendices: [{ title: 'Site plan', file: 'plan.pdf' }] };
    const file = path.join(dir, 'exempt-report.yaml');
    await writeFile(file, stringify(report));
    const out = path.join(dir, 'out-exempt-report');
    const run = await runCli('build', file, '--out', out, '--format', 'pdf');
    expect(run.status, run.stderr).toBe(0);
    const pdf = await readPdf(path.join(out, 'exempt-report.pdf'));
    for (let page = 0; page < pdf.pageCount; page++) expect(marksShown(pdf, page), `page ${page + 1}`).not.toEqual([]);
    // The PDF's pages, marked below them as in the members' pack.
    expect(pdf.pages.at(-1)).toContain('site plan');
    expect(marksShown(pdf, pdf.pageCount - 1)).toContain('NOT FOR PUBLICATION: paragraph(s) 3 of Schedule 12A');
    expect(run.stderr).toMatch(/exempt-report\.yaml:\d+:\d+ classification: warning: the report is exempt \(paragraph\(s\) 3 of Schedule 12A\): every page, its appendices' included, is marked NOT FOR PUBLICATION/);
  });

  it('refuses a style whose report.hbs does not print the marks (one copied before they were added), rather than print them unmarked', async () => {
    const style = path.join(dir, 'old-style');
    await mkdir(style);
    await writeFile(path.join(style, 'council.yaml'), stringify({ description: 'A style copied long ago', labels: {} }));
    const shipped = await readFile('templates/report.hbs', 'utf8');
    await writeFile(path.join(style, 'report.hbs'), shipped.replace('{{> report-page-marks}}\n', ''));
    const out = path.join(dir, 'out-old-style');
    const run = await runCli('build', path.join(dir, 'disposal.yaml'), '--style', style, '--out', out, '--format', 'pdf');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${path.join(style, 'report.hbs')}: does not mark the pages of exempt appendices NOT FOR PUBLICATION; add {{> report-page-marks}}`);
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });
});
