import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, StandardFonts } from '@cantoo/pdf-lib';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { loadCouncilConfig, loadReport, renderReportPdf } from '../../src/index.js';
import { matterhornFindings } from '../helpers/matterhorn.js';
import { runCli } from '../helpers/cli.js';
import { removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { sharedPrinter } from '../helpers/shared-browser.js';

afterAll(removeDataCopies);

/**
 * PDF/UA-1 as far as it can be checked here (the Matterhorn Protocol's machine-checkable
 * checkpoints, test/helpers/matterhorn.ts): a report, and a pack without PDF papers, meet every
 * one and say so in their XMP metadata; a pack with PDF papers does not claim it.
 */
let dir: string;
let reportPdf: Uint8Array;

beforeAll(async () => {
  dir = await sampleDataCopy();
  const config = await loadCouncilConfig();
  const loaded = await loadReport(path.join(dir, 'reports', 'commissioning-protocol.yaml'), config);
  if (!loaded.ok) throw new Error('the sample report should load');
  const printer = sharedPrinter();
  reportPdf = await renderReportPdf(loaded.value, config, printer, loaded.images);
});

/** The XMP metadata of a PDF, as text. */
async function xmpOf(pdf: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const stream = doc.catalog.lookup(PDFName.of('Metadata'));
  if (!stream || !('getContents' in stream)) return '';
  return new TextDecoder().decode((stream as { getContents(): Uint8Array }).getContents());
}

describe('PDF/UA', () => {
  it('a report meets every checked checkpoint, and its XMP names it PDF/UA-1 with its title', async () => {
    expect(await matterhornFindings(reportPdf, { claimsPdfUa: true })).toEqual([]);
    const xmp = await xmpOf(reportPdf);
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Commissioning Protocol – Cheltenham Borough Council</rdf:li>');
    expect(xmp).toContain('<rdf:li>en-GB</rdf:li>');
  });

  it('a pack without PDF papers meets every checked checkpoint and claims PDF/UA-1; one with them does not claim it', async () => {
    const meeting = await sampleMeetingData();
    // The one PDF paper is an appendix of the treasury report.
    meeting.items = meeting.items.filter((item) => item.report !== 'reports/treasury-management-annual-report.yaml');
    const file = await writeMeeting(dir, 'no-pdfs.yaml', meeting);
    const out = path.join(dir, 'out-no-pdfs');
    expect((await runCli('pack', file, '--out', out)).status).toBe(0);
    for (const name of ['public-pack.pdf', 'confidential-pack.pdf']) {
      const pdf = new Uint8Array(await readFile(path.join(out, 'no-pdfs', name)));
      expect(await matterhornFindings(pdf, { claimsPdfUa: true }), name).toEqual([]);
    }
    const withPdf = path.join(dir, 'out-with-pdf');
    expect((await runCli('pack', await writeMeeting(dir, 'with-pdf.yaml', await sampleMeetingData()), '--out', withPdf)).status).toBe(0);
    const xmp = await xmpOf(new Uint8Array(await readFile(path.join(withPdf, 'with-pdf', 'public-pack.pdf'))));
    expect(xmp).toContain('<dc:title>');
    expect(xmp).not.toContain('pdfuaid:part');
  });

  it('the checker finds each kind of problem it looks for', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText('Untagged words', { x: 50, y: 700, font });
    const { context } = doc;
    const element = (type: string, kids: unknown[] = []) => context.obj({ Type: 'StructElem', S: type, K: kids as never });
    const table = element('Table', [element('TD')]);
    const root = context.obj({ Type: 'StructTreeRoot', K: [element('H2'), element('H4'), element('Figure'), table, element('LI'), element('Strong')] as never });
    doc.catalog.set(PDFName.of('StructTreeRoot'), context.register(root));
    const findings = (await matterhornFindings(await doc.save(), { claimsPdfUa: true })).map((finding) => finding.slice(0, 6));
    expect(new Set(findings)).toEqual(new Set(['01-001', '06-001', '07-001', '11-001', '01-002', '02-001', '13-004', '14-002', '14-003', '15-003', '09-004', '31-001']));
  });
});
