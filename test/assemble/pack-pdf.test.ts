import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { flattenBookmarks, linesBelow, readPdf, type PdfReading } from '../helpers/pdf.js';
import { containsPhrase, searchablePdfBytes } from '../helpers/pdf-bytes.js';
import { decodedStrings } from '../helpers/pdf-strings.js';
import { pagesWithUntaggedContent } from '../helpers/pdf-untagged.js';
import { runCli } from '../helpers/cli.js';
import { sharedSamplePack } from '../helpers/sample-pack.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

const SAMPLE_MEETING = 'data/council-2012-06-25.yaml';
const BROKEN_MEETING = 'test/fixtures/meetings/broken-meeting.yaml';
const COUNTY_MEETING = 'data/county/cabinet-2025-02-03.yaml';

/** Phrases found only in the exempt report and the exempt appendix of the sample meeting. */
const EXEMPT_PHRASES = ['Halberd', '3,275,000', 'Gorget', 'best consideration', 'Zephyr', 'Quillon', '412,500', 'guaranteed income share'];

const ITEMS_WITH_PAPERS = ['Item 3: Minutes of the last meeting', 'Item 5: Commissioning Protocol', 'Item 6: Treasury Management Annual Report 2011/12', 'Item 7: Car Parking Strategy', 'Item 9: Disposal of Land at North Place'];

/** The sample meeting as packed once for the test run: read only. */
let outDir: string;
let members: PdfReading;
let publicPack: PdfReading;

beforeAll(async () => {
  outDir = await sharedSamplePack();
  members = await readPdf(path.join(outDir, 'council-2012-06-25', 'confidential-pack.pdf'));
  publicPack = await readPdf(path.join(outDir, 'council-2012-06-25', 'public-pack.pdf'));
});

/** The page number a pack page shows in its footer, or the range a notice page stands for. */
function shownNumbers(pdf: PdfReading, index: number): { first: number; last: number } | undefined {
  // The footer's page number (a page holding a PDF's page has its caption and marks beside it).
  const footer = linesBelow(pdf, index, 60);
  const range = footer.map((text) => /^Pages? (\d+)(?: – (\d+))?$/.exec(text)).find(Boolean);
  if (!range) return undefined;
  return { first: Number(range[1]), last: Number(range[2] ?? range[1]) };
}

/** Each item's page range, from where its bookmark points to the page before the next item's. */
function realRanges(): string[] {
  const items = members.bookmarks.filter((bookmark) => bookmark.title.startsWith('Item '));
  return items.map((bookmark, index) => {
    const first = bookmark.pageIndex + 1;
    const last = items[index + 1]?.pageIndex ?? members.pageCount;
    return first === last ? String(first) : `${first} – ${last}`;
  });
}

/** The "Page No." column of the front sheet, top to bottom. */
function frontSheetRanges(pdf: PdfReading, frontPages: number): string[] {
  const ranges: string[] = [];
  for (let index = 0; index < frontPages; index++) {
    const items = pdf.items[index] ?? [];
    const header = items.find((item) => item.text === 'Page No.');
    if (!header) continue;
    ranges.push(
      ...items
        .filter((item) => item.x >= header.x - 1 && item.y < header.y && /^\d+( – \d+)?$/.test(item.text.trim()))
        .sort((a, b) => b.y - a.y)
        .map((item) => item.text.trim()),
    );
  }
  return ranges;
}

/** The sample meeting's outputs: the agenda's, its supplement's (a late item, two replaced) and the record of both. */
const SAMPLE_OUTPUTS = [
  'agenda.html',
  'confidential-pack.pdf',
  'item-3.html',
  'item-5.html',
  'item-6.html',
  'item-7.html',
  'manifest.json',
  'public-pack.pdf',
  'supplement-1-confidential.pdf',
  'supplement-1-item-10.html',
  'supplement-1-item-3.html',
  'supplement-1-public.pdf',
];

describe('papers pack', () => {
  it('goes on past a broken meeting, reports it and exits non-zero', async () => {
    // A broken meeting first, then a good one (the county's, the smallest sample): the batch must go on past it.
    const out = await tempDir('papers-pack-batch-');
    const run = await runCli('pack', BROKEN_MEETING, COUNTY_MEETING, '--out', out);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/broken-meeting\.yaml\s+FAILED/);
    expect(run.stdout).toMatch(/cabinet-2025-02-03\.yaml\s+ok\s+\d+/);
    expect(run.stderr).toContain(`${BROKEN_MEETING}:5:1 time: expected a time written as HH:MM`);
    expect(run.stderr).toContain('1 of 2 meeting(s) failed');
    expect((await readdir(out)).sort()).toEqual(['cabinet-2025-02-03']);
    expect(await readdir(path.join(out, 'cabinet-2025-02-03'))).toContain('public-pack.pdf');
  });

  it('writes every file of the sample meeting: agenda, supplement, their web pages and the record', async () => {
    expect((await readdir(outDir)).sort()).toEqual(['council-2012-06-25']);
    expect((await readdir(path.join(outDir, 'council-2012-06-25'))).sort()).toEqual(SAMPLE_OUTPUTS);
  });

  it('prints on the front sheet the pages where each item really starts and ends', () => {
    const items = members.bookmarks.filter((bookmark) => bookmark.title.startsWith('Item '));
    expect(items.map((bookmark) => bookmark.title)).toEqual(ITEMS_WITH_PAPERS);
    const expected = realRanges();
    const frontPages = items[0]?.pageIndex ?? 0;
    expect(frontSheetRanges(members, frontPages)).toEqual(expected);
    expect(frontSheetRanges(publicPack, frontPages)).toEqual(expected);
  });

  it('numbers every page of the members’ pack in one sequence, and marks each item’s pages', () => {
    members.pages.forEach((_, index) => {
      expect(shownNumbers(members, index), `page ${index + 1}`).toEqual({ first: index + 1, last: index + 1 });
    });
    const items = members.bookmarks.filter((bookmark) => bookmark.title.startsWith('Item '));
    items.forEach((bookmark, index) => {
      const itemNumber = /^Item (\d+)/.exec(bookmark.title)?.[1];
      const end = items[index + 1]?.pageIndex ?? members.pageCount;
      for (let page = bookmark.pageIndex; page < end; page++) expect(members.pages[page]).toContain(`Agenda Item ${itemNumber}`);
    });
  });

  it('has one bookmark per item with papers, with the report sections beneath', () => {
    expect(members.bookmarks.map((bookmark) => bookmark.title)).toEqual(['Agenda front sheet', ...ITEMS_WITH_PAPERS]);
    // In the public pack, a notice's bookmark names what it stands for.
    expect(publicPack.bookmarks.map((bookmark) => bookmark.title)).toEqual(['Agenda front sheet', ...ITEMS_WITH_PAPERS.slice(0, -1), 'Item 9: Disposal of Land at North Place (exempt)']);
    const parking = publicPack.bookmarks.find((bookmark) => bookmark.title === 'Item 7: Car Parking Strategy');
    expect(parking?.children.map((child) => child.title)).toContain('Appendix 2: Enforcement contract: commercial terms (exempt)');
    const protocol = members.bookmarks.find((bookmark) => bookmark.title === 'Item 5: Commissioning Protocol');
    expect(protocol?.children.map((child) => child.title)).toEqual([
      '1. Background',
      '2. Reasons for recommendations',
      '3. Alternative options considered',
      '4. Consultation and feedback',
      '5. Performance management – monitoring and review',
      'Appendix 1: Commissioning Protocol',
    ]);
    for (const bookmark of flattenBookmarks(members.bookmarks)) expect(bookmark.pageIndex).toBeGreaterThanOrEqual(0);
  });

  it('marks its running headers, footers and marks as artifacts: only the PDF appendix pages hold untagged content', async () => {
    const appendix = flattenBookmarks(members.bookmarks).find((bookmark) => bookmark.title === 'Appendix 1: Prudential and treasury indicators 2011/12');
    const pdfPages = [(appendix?.pageIndex ?? -2) + 1, (appendix?.pageIndex ?? -2) + 2];
    for (const name of ['confidential-pack.pdf', 'public-pack.pdf']) {
      const pdf = new Uint8Array(await readFile(path.join(outDir, 'council-2012-06-25', name)));
      expect(await pagesWithUntaggedContent(pdf), name).toEqual(pdfPages);
      // On those pages too, everything but the PDF's page drawn in (its number, caption and marks) is marked.
      expect(await pagesWithUntaggedContent(pdf, new Set(), true), name).toEqual([]);
    }
  });

  it('is tagged, with title, subject and language', () => {
    for (const pdf of [members, publicPack]) {
      expect(pdf.info.marked).toBe(true);
      expect(pdf.structureRoles).toEqual(expect.arrayContaining(['H1', 'H2', 'Table', 'TH', 'TD']));
      expect(pdf.info.Subject).toBe('Cheltenham Borough Council, Council, 25 June 2012');
      expect(pdf.language).toBe('en-GB');
    }
    expect(publicPack.info.Title).toBe('Council, 25 June 2012: Public agenda pack');
    expect(members.info.Title).toBe('Council, 25 June 2012: Confidential agenda pack (members only)');
  });

  it('keeps every exempt word out of the public pack: page text, every string (bookmarks, metadata, tags) and every stream', async () => {
    const read = (name: string) => readFile(path.join(outDir, 'council-2012-06-25', name));
    const [publicBytes, membersBytes] = [await read('public-pack.pdf'), await read('confidential-pack.pdf')];
    const [publicStrings, membersStrings] = [(await decodedStrings(publicBytes)).join('\n'), (await decodedStrings(membersBytes)).join('\n')];
    const publicStreams = searchablePdfBytes(publicBytes);
    for (const phrase of EXEMPT_PHRASES) {
      // Each search is shown to find the phrase where it is: the members' pack holds every one.
      expect(members.pages.join(' '), `"${phrase}" in the members' page text`).toContain(phrase);
      expect(publicPack.pages.join(' ').includes(phrase), `"${phrase}" in the public pack's page text`).toBe(false);
      expect(publicStrings.includes(phrase), `"${phrase}" in the public pack's strings`).toBe(false);
      expect(containsPhrase(publicStreams, phrase), `"${phrase}" in the public pack's streams`).toBe(false);
    }
    // The exempt report's bookmarks carry exempt words: a positive control for the string search.
    expect(membersStrings).toContain('The bids from Halberd Estates and Gorget Homes');
    expect(publicStrings).not.toContain('Halberd');
  });

  it('stands a notice in for each exempt part, and gives every public page the number and text it has in the members’ pack', () => {
    let previousLast = 0;
    let notices = 0;
    for (const [index, text] of publicPack.pages.entries()) {
      const shown = shownNumbers(publicPack, index);
      expect(shown).toBeDefined();
      if (!shown) continue;
      expect(shown.first).toBe(previousLast + 1);
      previousLast = shown.last;
      if (text.includes('Exempt information: not for publication')) {
        notices += 1;
        expect(text).toMatch(/paragraph\(s\) 3 of Part 1 of Schedule 12A/);
        expect(text).toContain(shown.first === shown.last ? `It stands in for page ${shown.first} of the members' pack.` : `It stands in for pages ${shown.first} – ${shown.last} of the members' pack.`);
        for (let page = shown.first; page <= shown.last; page++) expect(members.pages[page - 1]).toContain('NOT FOR PUBLICATION: paragraph(s) 3 of Schedule 12A');
      } else {
        expect(text).toBe(members.pages[shown.first - 1]);
      }
    }
    expect(notices).toBe(2);
    expect(previousLast).toBe(members.pageCount);
  });

  it('draws the PDF appendix into its pages, under the pack’s own numbers', () => {
    const appendix = flattenBookmarks(members.bookmarks).find((bookmark) => bookmark.title === 'Appendix 1: Prudential and treasury indicators 2011/12');
    expect(appendix).toBeDefined();
    const first = appendix?.pageIndex ?? -1;
    expect(members.pages[first]).toContain('Appendix: Prudential indicators 2011/12');
    expect(members.pages[first]).toContain('Capital financing requirement');
    expect(members.pages[first + 1]).toContain('Treasury management indicators 2011/12');
    expect(members.pages[first + 1]).toContain('Agenda Item 6');
  });

  it('writes a web page for each public item’s papers, linked from the agenda; exempt items get none', async () => {
    const dir = path.join(outDir, 'council-2012-06-25');
    const agenda = await readFile(path.join(dir, 'agenda.html'), 'utf8');
    const links = [...agenda.matchAll(/<a class="agenda-title" href="([^"]+)">([^<]+)<\/a>/g)].map((match) => [match[1], match[2]]);
    expect(links).toEqual([
      ['item-3.html', 'Minutes of the last meeting'],
      ['item-5.html', 'Commissioning Protocol'],
      ['item-6.html', 'Treasury Management Annual Report 2011/12'],
      ['item-7.html', 'Car Parking Strategy'],
      ['supplement-1-item-3.html', 'Minutes of the last meeting'],
      ['supplement-1-item-10.html', 'Urgent item: storm damage to the Promenade'],
    ]);
    for (const [name] of links) {
      const html = await readFile(path.join(dir, name as string), 'utf8');
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
      expect(html).toMatch(/<title>Item \d+: [^<]+ – Council, 25 June 2012<\/title>/);
      expect(html).toContain('<a href="agenda.html">Back to the agenda</a>');
      const levels = [...html.matchAll(/<h([1-6])\b/g)].map((match) => Number(match[1]));
      expect(levels.filter((level) => level === 1)).toHaveLength(1);
      levels.forEach((level, index) => {
        if (index > 0) expect(level - (levels[index - 1] ?? 1)).toBeLessThanOrEqual(1);
      });
    }
    const parking = await readFile(path.join(dir, 'item-7.html'), 'utf8');
    expect(parking).toContain('Support the town centre economy');
    expect(parking).toContain('This appendix contains exempt information');
    const treasury = await readFile(path.join(dir, 'item-6.html'), 'utf8');
    const pdfAppendix = flattenBookmarks(members.bookmarks).find((bookmark) => bookmark.title === 'Appendix 1: Prudential and treasury indicators 2011/12');
    const first = (pdfAppendix?.pageIndex ?? -2) + 1;
    expect(treasury).toContain(`This is a PDF document: it is pages ${first} – ${first + 1} of the public agenda pack.`);
    // Positive control: the exempt words are in the members' pack, and in no web page.
    for (const phrase of EXEMPT_PHRASES) {
      expect(members.pages.join(' ')).toContain(phrase);
      for (const name of [...links.map(([page]) => page as string), 'agenda.html']) expect((await readFile(path.join(dir, name), 'utf8')).includes(phrase), `${phrase} in ${name}`).toBe(false);
    }
  });

  it('removes web pages an earlier run left that this run has no item for', async () => {
    const earlier = await tempDir('papers-pack-again-');
    await cp(outDir, earlier, { recursive: true });
    const dir = path.join(earlier, 'council-2012-06-25');
    // As if item 9 had been public last time, and an item 42 had been on the agenda.
    await writeFile(path.join(dir, 'item-9.html'), 'an old page');
    await writeFile(path.join(dir, 'item-42.html'), 'an old page');
    const again = await runCli('pack', SAMPLE_MEETING, '--out', earlier);
    expect(again.status).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(SAMPLE_OUTPUTS);
  });

  it('writes the agenda front sheet as an accessible web page with the same page numbers', async () => {
    const html = await readFile(path.join(outDir, 'council-2012-06-25', 'agenda.html'), 'utf8');
    expect(html).toMatch(/<html lang="en-GB">/);
    expect(html).toContain('<title>Council, 25 June 2012: Agenda – Cheltenham Borough Council</title>');
    expect(html).toContain('<th scope="col" class="agenda-pages">Page No.</th>');
    // The agenda's own items; the supplement's follow in a section of their own.
    const agendaPart = html.slice(0, html.indexOf('<section class="supplement-section"'));
    const shown = [...agendaPart.matchAll(/<td class="agenda-pages">([^<]*)<\/td>/g)].map((match) => match[1]).filter((pages) => pages !== '');
    expect(shown).toEqual(realRanges());
    expect(html).toContain('Part 2: items likely to be taken in private');
    expect(html).toMatch(/Section 100A\(4\) of the Local Government Act 1972.*paragraph\(s\) 3 of Part 1 of Schedule 12A/);
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((match) => Number(match[1]));
    expect(levels[0]).toBe(1);
    levels.forEach((level, index) => {
      if (index > 0) expect(level - (levels[index - 1] ?? 1)).toBeLessThanOrEqual(1);
    });
    expect(html).not.toContain('Halberd');
  });
});
