import { describe, expect, it } from 'vitest';
import { loadCouncilConfig, loadReport, renderReportHtml, renderReportPdf, Printer } from '../src/index.js';
import { readPdf } from './helpers/pdf.js';
import { pagesWithUntaggedContent } from './helpers/pdf-untagged.js';
import { pdfFindings } from './helpers/produced-outputs.js';

describe('the library API, as the README shows it', () => {
  it('turns a report file into its HTML and a finished PDF with one printer', async () => {
    const config = await loadCouncilConfig();
    const result = await loadReport('data/reports/commissioning-protocol.yaml', config);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const html = await renderReportHtml(result.value, config, result.images);
    expect(html).toContain('<title>Commissioning Protocol');
    const printer = new Printer();
    try {
      const bytes = await renderReportPdf(result.value, config, printer, result.images);
      // Every content item is tagged or an artifact (the footer "Page 1 of 3" is an artifact).
      expect(await pagesWithUntaggedContent(new Uint8Array(bytes))).toEqual([]);
      // And every other checked PDF/UA checkpoint (the report claims PDF/UA-1).
      expect(await pdfFindings(bytes)).toEqual([]);
      const pdf = await readPdf(bytes);
      expect(pdf.info.Title).toBe('Commissioning Protocol – Cheltenham Borough Council');
      expect(pdf.info.marked).toBe(true);
      expect(pdf.language).toBe('en-GB');
      expect(pdf.pages.join(' ')).toContain('That Council:');
      expect(pdf.bookmarks[0]?.title).toBe('Commissioning Protocol');
      // Every link is described for assistive technology (here the contact officers' addresses).
      const links = pdf.links.flat();
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(link.contents).toBe(`Link to ${(link.url ?? '').replace(/^mailto:/, '')}`);
    } finally {
      await printer.close();
    }
  });
});
