import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber } from '@cantoo/pdf-lib';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { flattenBookmarks, linesBelow, readPdf, type Bookmark, type PdfReading } from '../helpers/pdf.js';
import { containsPhrase, searchablePdfBytes } from '../helpers/pdf-bytes.js';
import { missingResources } from '../helpers/pdf-resources.js';
import { matterhornFindings } from '../helpers/matterhorn.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { printAppendix, storedTurned, withAddedText, withBoxOver, withFilledForm, withObjectStreams, withUnsafeLinks, type AppendixSpec } from '../helpers/real-world-pdfs.js';
import { sharedPrinter } from '../helpers/shared-browser.js';

afterAll(removeDataCopies);

/**
 * A meeting whose papers are PDFs shaped like real appendices: a portrait report with links
 * and bookmarks, a landscape spreadsheet, a 16:9 slide deck, an A3 plan, a page saved turned, a
 * filled form with a private comment, minutes as a PDF, and in the exempt item a PDF with a
 * black box drawn over a name. Every property is checked on the packs a clerk gets.
 */
const SPECS: Record<string, AppendixSpec> = {
  report: { shape: 'report', pages: 3, marker: 'Budget report' },
  spreadsheet: { shape: 'spreadsheet', pages: 2, marker: 'Spending spreadsheet' },
  slides: { shape: 'slides', pages: 2, marker: 'Briefing slides' },
  plan: { shape: 'a3-plan', pages: 1, marker: 'Site plan' },
  turned: { shape: 'spreadsheet', pages: 1, marker: 'Turned page' },
  form: { shape: 'report', pages: 1, marker: 'Application form' },
  unsafe: { shape: 'report', pages: 1, marker: 'Links that launch' },
  packed: { shape: 'report', pages: 2, marker: 'Packed objects' },
  boxed: { shape: 'report', pages: 1, marker: 'Boxed letter' },
  minutes: { shape: 'report', pages: 2, marker: 'Minutes record' },
};
const FORM_VALUE = 'Alexandra Quartermain';
const PRIVATE_COMMENT = 'Private note: do not publish the applicant address';
const ADDED_NOTE = 'Checked by the monitoring officer';

let dir: string;
let run: CliRun;
let members: PdfReading;
let publicPack: PdfReading;
const originals = new Map<string, PdfReading>();

beforeAll(async () => {
  dir = await sampleDataCopy();
  const printer = sharedPrinter();
  for (const [name, spec] of Object.entries(SPECS)) {
    let pdf = await printAppendix(printer, spec);
    if (name === 'turned') pdf = await storedTurned(pdf, 0);
    if (name === 'form') pdf = await withFilledForm(pdf, 0, FORM_VALUE, { x: 60, y: 300 });
    if (name === 'unsafe') pdf = await withUnsafeLinks(pdf, 0);
    // Saved as most tools save today (objects compressed), with a note stamped on afterwards.
    if (name === 'packed') pdf = await withObjectStreams(await withAddedText(pdf, 1, ADDED_NOTE));
    if (name === 'boxed') pdf = await withBoxOver(pdf, 0, { x: 30, y: 700, width: 400, height: 60 });
    await writeFile(path.join(dir, 'appendices', `${name}.pdf`), pdf);
    originals.set(name, await readPdf(pdf));
  }
  const meeting = await sampleMeetingData();
  meeting.items = [
    { type: 'procedural', title: 'Apologies', text: 'To receive apologies for absence.' },
    { type: 'procedural', title: 'Minutes of the last meeting', papers: 'appendices/minutes.pdf' },
    {
      type: 'report',
      report: 'reports/commissioning-protocol.yaml',
      appendices: ['report', 'spreadsheet', 'slides', 'plan', 'turned', 'form', 'unsafe', 'packed'].map((name) => ({ title: SPECS[name]?.marker ?? name, file: `appendices/${name}.pdf` })),
    },
    { type: 'exclusion' },
    { type: 'report', report: 'reports/disposal-of-land-north-place.yaml', appendices: [{ title: 'Letter from the bidder', file: 'appendices/boxed.pdf' }] },
  ];
  const file = await writeMeeting(dir, 'pdf-meeting.yaml', meeting);
  run = await runCli('pack', file, '--out', path.join(dir, 'out'));
  members = await readPdf(path.join(dir, 'out', 'pdf-meeting', 'confidential-pack.pdf'));
  publicPack = await readPdf(path.join(dir, 'out', 'pdf-meeting', 'public-pack.pdf'));
});

/** The 0-based pages of the pack holding a PDF's pages, found by the marker printed on each. */
function packPagesOf(pack: PdfReading, name: string): number[] {
  const spec = SPECS[name] as AppendixSpec;
  return Array.from({ length: spec.pages }, (_, index) => pack.pages.findIndex((text) => text.includes(`${spec.marker} p${index + 1}.`)));
}

/** How much a PDF's page was scaled in the pack: the same sentence's drawn size, pack over original. */
function scaleOf(pack: PdfReading, name: string, page = 0): number {
  const spec = SPECS[name] as AppendixSpec;
  const find = (reading: PdfReading, index: number) => reading.items[index]?.find((item) => item.text.includes(`${spec.marker} p${page + 1}.`));
  const original = find(originals.get(name) as PdfReading, page);
  const packed = find(pack, packPagesOf(pack, name)[page] ?? -1);
  return (packed?.size ?? 0) / (original?.size ?? 1);
}

describe('PDF papers in a pack', () => {
  it('builds both packs', () => {
    expect(run.stderr.split('\n').filter((line) => !/: (validate|layout|numbering|renumbering|finishing|writing|done)$/.test(line) && line !== '')).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('keeps landscape pages landscape, and portrait A4 near actual size', () => {
    for (const name of ['spreadsheet', 'slides', 'plan', 'turned']) {
      for (const index of packPagesOf(members, name)) {
        const size = members.pageSizes[index];
        expect(size?.width, `${name} on page ${index + 1}`).toBeCloseTo(841.9, 0);
        expect(size?.height).toBeCloseTo(595.3, 0);
      }
    }
    for (const index of packPagesOf(members, 'report')) expect(members.pageSizes[index]).toEqual({ width: expect.closeTo(595.3, 0), height: expect.closeTo(841.9, 0) });
    // Only the band for the pack's page number is taken: 0.96 for A4 portrait, 0.94 landscape.
    expect(scaleOf(members, 'report')).toBeGreaterThan(0.95);
    expect(scaleOf(members, 'spreadsheet')).toBeGreaterThan(0.93);
    expect(scaleOf(members, 'slides')).toBeCloseTo(0.877, 2);
    expect(scaleOf(members, 'plan')).toBeCloseTo(0.667, 2);
    expect(scaleOf(members, 'report')).toBeLessThanOrEqual(1);
  });

  it('shows a landscape page saved turned (portrait with /Rotate 90) landscape and upright, as a viewer does', () => {
    expect(originals.get('turned')?.pageSizes[0]).toEqual({ width: expect.closeTo(841.9, 0), height: expect.closeTo(595.3, 0) });
    const [index] = packPagesOf(members, 'turned');
    expect(members.pageSizes[index ?? -1]).toEqual({ width: expect.closeTo(841.9, 0), height: expect.closeTo(595.3, 0) });
    const line = members.items[index ?? -1]?.find((item) => item.text.includes('Turned page p1.'));
    // Upright: the sentence runs left to right near the top of the landscape page, at the spreadsheet's scale.
    expect(line?.upright).toBe(true);
    expect(line?.y).toBeGreaterThan(450);
    expect(scaleOf(members, 'turned')).toBeCloseTo(scaleOf(members, 'spreadsheet'), 2);
  });

  it('stamps each PDF page with the pack’s page number, item and caption, in the band below it', () => {
    const pages = packPagesOf(members, 'spreadsheet');
    pages.forEach((index, at) => {
      const footer = linesBelow(members, index, 40);
      expect(footer).toContain(`Page ${index + 1}`);
      expect(footer).toContain('Agenda Item 3');
      expect(footer.join(' ')).toContain(at === 0 ? 'Appendix 3: Spending spreadsheet' : 'Appendix 3: Spending spreadsheet (page 2 of 2)');
      // Nothing of the PDF itself is drawn in the band.
      const drawn = (members.items[index] ?? []).filter((item) => item.text.includes('Spending spreadsheet p'));
      for (const item of drawn) expect(item.y).toBeGreaterThan(34);
    });
  });

  it('carries every link, moved with its page, internal links pointing at the right page of the pack', async () => {
    const pages = packPagesOf(members, 'report');
    const original = originals.get('report') as PdfReading;
    const originalLinks = original.links.flat().length;
    expect(originalLinks).toBeGreaterThanOrEqual(6);
    const packed = pages.flatMap((index) => members.links[index] ?? []);
    expect(packed).toHaveLength(originalLinks);
    expect(packed.filter((link) => link.url?.startsWith('https://www.example.gov.uk/budget/'))).toHaveLength(3);
    const sectionOne = members.pages.findIndex((text) => text.includes('Budget report section 1'));
    for (const link of packed.filter((candidate) => candidate.url === undefined)) {
      expect(link.pageIndex).toBe(sectionOne);
      // Described for assistive technology by the printed number of the page it opens.
      expect(link.contents).toBe(`Go to page ${sectionOne + 1}`);
    }
    for (const link of packed.filter((candidate) => candidate.url !== undefined)) expect(link.contents).toBe(`Link to ${link.url}`);
    // A carried link has its own place in the pack's tag tree (not the appendix's key): a Link element holding it.
    const doc = await PDFDocument.load(await readFile(path.join(dir, 'out', 'pdf-meeting', 'confidential-pack.pdf')));
    const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
    const nums = root?.lookupMaybe(PDFName.of('ParentTree'), PDFDict)?.lookupMaybe(PDFName.of('Nums'), PDFArray)?.asArray() ?? [];
    const parentOf = (key: number) => nums[nums.findIndex((entry, at) => at % 2 === 0 && entry instanceof PDFNumber && entry.asNumber() === key) + 1];
    for (const index of pages) {
      for (const annot of doc.getPage(index).node.Annots()?.asArray() ?? []) {
        const key = doc.context.lookupMaybe(annot, PDFDict)?.lookupMaybe(PDFName.of('StructParent'), PDFNumber)?.asNumber() ?? -1;
        const element = doc.context.lookupMaybe(parentOf(key), PDFDict);
        expect(element?.get(PDFName.of('S'))).toBe(PDFName.of('Link'));
        expect(element?.lookupMaybe(PDFName.of('K'), PDFArray)?.lookupMaybe(0, PDFDict)?.get(PDFName.of('Obj'))).toBe(annot);
      }
    }
    // Every link in both packs says where it goes.
    for (const pack of [members, publicPack]) expect(pack.links.flat().filter((link) => link.contents === '')).toEqual([]);
    // A link's area moved with the text it covers: it lies on the page, above the band.
    for (const link of packed) {
      expect(link.rect[1]).toBeGreaterThan(34);
      expect(link.rect[2]).toBeLessThanOrEqual(595.3);
    }
  });

  it('leaves out links that would launch a program, run script or open a local file', async () => {
    const [index] = packPagesOf(members, 'unsafe');
    const original = originals.get('unsafe') as PdfReading;
    expect(original.annotationTypes[0]?.filter((type) => type === 'Link').length).toBe(6);
    const kept = members.links[index ?? -1] ?? [];
    expect(kept).toHaveLength(2);
    for (const link of kept) expect(link.url === undefined || /^https:/.test(link.url)).toBe(true);
    const bytes = searchablePdfBytes(await readFile(path.join(dir, 'out', 'pdf-meeting', 'confidential-pack.pdf')));
    for (const phrase of ['cmd.exe', 'javascript:alert', 'file:///etc/passwd', 'app.alert']) expect(bytes.includes(phrase), phrase).toBe(false);
  });

  it('reads a PDF whose objects are compressed, and a page with a second content stream, the same way', async () => {
    expect(searchablePdfBytes(Buffer.from(await readFile(path.join(dir, 'appendices', 'packed.pdf')))).includes('/ObjStm')).toBe(true);
    const pages = packPagesOf(members, 'packed');
    expect(members.pages[pages[1] ?? -1]).toContain(ADDED_NOTE);
    const appendix = flattenBookmarks(members.bookmarks).find((bookmark) => bookmark.title === 'Appendix 9: Packed objects') as Bookmark;
    expect(
      flattenBookmarks(appendix.children)
        .slice(1)
        .map((bookmark) => bookmark.pageIndex),
    ).toEqual(pages);
    const internal = pages.flatMap((index) => members.links[index] ?? []).filter((link) => link.url === undefined);
    expect(internal).toHaveLength(2);
    for (const link of internal) expect(link.pageIndex).toBe(pages[0]);
  });

  it('nests each PDF’s own bookmarks under its appendix bookmark, pointing at the right pages', () => {
    const appendix = flattenBookmarks(members.bookmarks).find((bookmark) => bookmark.title === 'Appendix 2: Budget report') as Bookmark;
    expect(appendix).toBeDefined();
    const pages = packPagesOf(members, 'report');
    expect(appendix.pageIndex).toBe(pages[0]);
    const nested = flattenBookmarks(appendix.children);
    expect(nested.map((bookmark) => bookmark.title)).toEqual(['Budget report', 'Budget report section 1', 'Budget report section 2', 'Budget report section 3']);
    expect(nested.slice(1).map((bookmark) => bookmark.pageIndex)).toEqual(pages);
  });

  it('makes a procedural item’s PDF papers its own pages, bookmarked and numbered on the front sheet', () => {
    const item = members.bookmarks.find((bookmark) => bookmark.title === 'Item 2: Minutes of the last meeting');
    const pages = packPagesOf(members, 'minutes');
    expect(item?.pageIndex).toBe(pages[0]);
    expect(members.pages[0]).toContain(`${(pages[0] ?? 0) + 1} – ${(pages[1] ?? 0) + 1}`);
  });

  it('holds every font and drawing its pages name (a filled-in value is drawn, not lost)', async () => {
    for (const file of ['public-pack.pdf', 'confidential-pack.pdf']) {
      expect(await missingResources(new Uint8Array(await readFile(path.join(dir, 'out', 'pdf-meeting', file)))), file).toEqual([]);
    }
  });

  it('draws a filled form’s values into the page and leaves comments out', async () => {
    const [index] = packPagesOf(publicPack, 'form');
    expect(publicPack.pages[index ?? -1]).toContain(FORM_VALUE);
    expect(publicPack.annotationTypes[index ?? -1]?.filter((type) => type !== 'Link')).toEqual([]);
    for (const file of ['public-pack.pdf', 'confidential-pack.pdf']) {
      const bytes = searchablePdfBytes(await readFile(path.join(dir, 'out', 'pdf-meeting', file)));
      expect(containsPhrase(bytes, 'do not publish the applicant'), file).toBe(false);
    }
    expect(containsPhrase(searchablePdfBytes(await readFile(path.join(dir, 'appendices', 'form.pdf'))), 'do not publish the applicant')).toBe(true);
    expect(PRIVATE_COMMENT).toContain('do not publish the applicant');
  });

  it('draws a box over a name into the page of an exempt appendix, which reaches the members’ pack only', async () => {
    const [index] = packPagesOf(members, 'boxed');
    expect(index).toBeGreaterThan(0);
    expect(members.annotationTypes[index ?? -1]?.filter((type) => type !== 'Link')).toEqual([]);
    expect(publicPack.pages.some((text) => text.includes('Boxed letter'))).toBe(false);
    expect(containsPhrase(searchablePdfBytes(await readFile(path.join(dir, 'out', 'pdf-meeting', 'public-pack.pdf'))), 'Boxed letter')).toBe(false);
  });

  it('labels every page with the number printed on it, so the viewer’s page box matches', () => {
    expect(members.pageLabels).toEqual(members.pages.map((_, index) => String(index + 1)));
    const labels = publicPack.pageLabels ?? [];
    expect(labels).toHaveLength(publicPack.pageCount);
    publicPack.items.forEach((_items, index) => {
      const footer = linesBelow(publicPack, index, 60);
      const shown = footer.map((text) => /^Pages? (\d+(?: – \d+)?)$/.exec(text)?.[1]).find(Boolean);
      expect(labels[index], `page ${index + 1}`).toBe(shown);
    });
    expect(labels.some((label) => label.includes('–'))).toBe(true);
  });

  it('meets the checked PDF/UA checkpoints everywhere but on the PDF papers’ own pages, and does not claim PDF/UA', async () => {
    for (const [name, pack] of [
      ['confidential-pack.pdf', members],
      ['public-pack.pdf', publicPack],
    ] as const) {
      const pdfPages = new Set(
        Object.keys(SPECS)
          .flatMap((spec) => packPagesOf(pack, spec))
          .filter((index) => index >= 0)
          .map((index) => index + 1),
      );
      const findings = await matterhornFindings(new Uint8Array(await readFile(path.join(dir, 'out', 'pdf-meeting', name))));
      // What the PDFs bring: untagged pages, and pdf-lib's unembedded Helvetica of the forms and notes added to them. Their links are tagged.
      const fromPdfs = (finding: string) => (/^01-001\b/.test(finding) && pdfPages.has(Number(/page (\d+)/.exec(finding)?.[1]))) || /^31-001: font Helvetica\b/.test(finding);
      expect(
        findings.filter((finding) => !fromPdfs(finding)),
        name,
      ).toEqual([]);
      expect(
        findings.some((finding) => finding.startsWith('01-001')),
        name,
      ).toBe(true);
    }
  });
});
