import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { flattenBookmarks, readPdf, type PdfReading } from '../helpers/pdf.js';
import { containsPhrase, searchablePdfBytes } from '../helpers/pdf-bytes.js';
import { decodedStrings } from '../helpers/pdf-strings.js';
import { runCli } from '../helpers/cli.js';
import { removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';

afterAll(removeDataCopies);

/** Phrases of the exempt sample report (disposal of land at North Place). */
const EXEMPT_PHRASES = ['Halberd', '3,275,000', 'Gorget', 'best consideration'];

/**
 * Classification follows content: the exempt report, named as a public report's appendix and as
 * the papers of a Part 2 procedural item, reaches the members' pack only.
 */
let dir: string;
let members: PdfReading;
let publicPack: PdfReading;
let publicBytes: string;
let publicStrings: string;
let membersStrings: string;

beforeAll(async () => {
  dir = await sampleDataCopy();
  const meeting = await sampleMeetingData();
  const protocol = meeting.items.find((item) => item.report === 'reports/commissioning-protocol.yaml') as Record<string, unknown>;
  protocol.appendices = [{ title: 'Land disposal', file: 'reports/disposal-of-land-north-place.yaml' }];
  meeting.items.push({ type: 'procedural', title: 'Land disposal: the valuation', papers: 'reports/disposal-of-land-north-place.yaml' });
  const file = await writeMeeting(dir, 'by-reference.yaml', meeting);
  const run = await runCli('pack', file, '--out', path.join(dir, 'out'));
  if (run.status !== 0) throw new Error(run.stderr);
  members = await readPdf(path.join(dir, 'out', 'by-reference', 'confidential-pack.pdf'));
  const publicFile = path.join(dir, 'out', 'by-reference', 'public-pack.pdf');
  publicPack = await readPdf(publicFile);
  publicBytes = searchablePdfBytes(await readFile(publicFile));
  publicStrings = (await decodedStrings(await readFile(publicFile))).join('\n');
  membersStrings = (await decodedStrings(await readFile(path.join(dir, 'out', 'by-reference', 'confidential-pack.pdf')))).join('\n');
});

describe('an exempt report named by reference', () => {
  it('is in the members’ pack, as the appendix and as the item’s papers', () => {
    for (const phrase of EXEMPT_PHRASES) expect(members.pages.join(' ')).toContain(phrase);
    const titles = flattenBookmarks(members.bookmarks).map((bookmark) => bookmark.title);
    expect(titles).toContain('Appendix 2: Land disposal');
    expect(titles).toContain('Item 10: Land disposal: the valuation');
  });

  it('is a notice in the public pack, and none of its words are anywhere in the file', () => {
    const titles = flattenBookmarks(publicPack.bookmarks).map((bookmark) => bookmark.title);
    expect(titles).toContain('Appendix 2: Land disposal (exempt)');
    expect(titles).toContain('Item 10: Land disposal: the valuation (exempt)');
    for (const phrase of EXEMPT_PHRASES) {
      expect(publicPack.pages.join(' ')).not.toContain(phrase);
      expect(publicStrings).not.toContain(phrase);
      expect(containsPhrase(publicBytes, phrase), phrase).toBe(false);
    }
    // Positive control: the exempt report's bookmarks carry its words in the members' pack.
    expect(membersStrings).toContain('The bids from Halberd Estates and Gorget Homes');
  });
});
