import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from '@cantoo/pdf-lib';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { readPdf, type PdfReading } from '../helpers/pdf.js';
import { decodedStrings } from '../helpers/pdf-strings.js';
import { matterhornFindings } from '../helpers/matterhorn.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { sharedPrinter } from '../helpers/shared-browser.js';
import { sharedSamplePack } from '../helpers/sample-pack.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { SAMPLE_MEETING_NAME, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { loadCouncilConfig } from '../../src/config/council.js';
import { loadMeeting } from '../../src/meeting/load-meeting.js';
import { buildMeetings } from '../../src/pipelines/build-meetings.js';
import { Printer } from '../../src/print/printer.js';
import { manifestSchema } from '../../src/output/manifest.js';

afterAll(removeTempDirs);

/** Words found only in the exempt appendix the sample supplement adds to item 9. */
const LATE_EXEMPT_PHRASES = ['2,150,000', 'offer stands at the revised value'];

const sha = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

let data: string;
let out: string;
let agendaOnly: CliRun;
let withSupplement: CliRun;
let publishedHashes: Record<string, string>;
let supplementPublic: PdfReading;
let supplementMembers: PdfReading;
let agendaMembers: PdfReading;

beforeAll(async () => {
  data = await sampleDataCopy();
  out = await tempDir('papers-supplement-');
  // The agenda as published on its date of issue: the sample meeting without its supplement.
  const agendaFile = await writeMeeting(data, SAMPLE_MEETING_NAME, await sampleMeetingData());
  agendaOnly = await runCli('pack', agendaFile, '--out', out);
  const dir = path.join(out, 'council-2012-06-25');
  publishedHashes = { public: await sha(path.join(dir, 'public-pack.pdf')), confidential: await sha(path.join(dir, 'confidential-pack.pdf')) };
  // Then the late papers arrive: the sample meeting as shipped, with its supplement.
  await writeFile(agendaFile, await readFile(path.join('data', SAMPLE_MEETING_NAME)));
  withSupplement = await runCli('pack', agendaFile, '--out', out);
  supplementPublic = await readPdf(path.join(dir, 'supplement-1-public.pdf'));
  supplementMembers = await readPdf(path.join(dir, 'supplement-1-confidential.pdf'));
  agendaMembers = await readPdf(path.join(dir, 'confidential-pack.pdf'));
});

describe('a supplementary agenda', () => {
  it('leaves the published agenda pack byte for byte as it was, and writes the supplement beside it', async () => {
    expect(agendaOnly.status, agendaOnly.stderr).toBe(0);
    expect(withSupplement.status, withSupplement.stderr).toBe(0);
    expect(withSupplement.stdout).toContain('the agenda pack: published on 2012-06-15 and unchanged; left as it was');
    const dir = path.join(out, 'council-2012-06-25');
    expect(await sha(path.join(dir, 'public-pack.pdf'))).toBe(publishedHashes.public);
    expect(await sha(path.join(dir, 'confidential-pack.pdf'))).toBe(publishedHashes.confidential);
    expect((await readdir(dir)).filter((name) => name.startsWith('supplement-')).sort()).toEqual(['supplement-1-confidential.pdf', 'supplement-1-item-10.html', 'supplement-1-item-3.html', 'supplement-1-public.pdf']);
  });

  it('has its own front sheet: the late items, what each replaces, the reasons, and its pages', () => {
    const front = supplementPublic.pages[0] ?? '';
    expect(front).toContain('Council: Supplementary agenda 1');
    expect(front).toContain('Replaces the papers for item 3 in the agenda pack.');
    expect(front).toContain('Reason for lateness A correction to minute 4 was received on 20 June 2012');
    expect(front).toContain('Reason for urgency (section 100B(4)(b), Local Government Act 1972) The storm of 18 June 2012');
    expect(front).toContain('Part 2: items likely to be taken in private');
    const issued = supplementPublic.pages.join(' ');
    expect(issued).toContain('Date of issue: 21 June 2012');
    expect(supplementPublic.info.Title).toBe('Council, 25 June 2012: Supplementary agenda 1: public pack');
    expect(supplementPublic.bookmarks.map((bookmark) => bookmark.title)).toEqual([
      'Supplementary agenda 1: front sheet',
      'Item 3: Minutes of the last meeting',
      'Item 10: Urgent item: storm damage to the Promenade',
      'Item 9: Disposal of Land at North Place (exempt)',
    ]);
  });

  it('numbers its pages on from the agenda pack’s last, on the pages, the front sheet and the page labels', () => {
    const last = agendaMembers.pageCount;
    expect(supplementMembers.pageLabels?.[0]).toBe(String(last + 1));
    expect(supplementMembers.pageLabels?.at(-1)).toBe(String(last + supplementMembers.pageCount));
    // The footer of each page shows the same number as its label.
    supplementMembers.pages.forEach((text, index) => {
      expect(text).toContain(`Page ${supplementMembers.pageLabels?.[index]}`);
    });
    const urgent = supplementMembers.bookmarks.find((bookmark) => bookmark.title.startsWith('Item 10'));
    const urgentPage = supplementMembers.pageLabels?.[urgent?.pageIndex ?? -1];
    expect(supplementMembers.pages[0]).toMatch(new RegExp(`Urgent item: storm damage to the Promenade .*? ${urgentPage}\\b`));
    // The public supplement keeps the members' numbers: its notice stands for item 9's pages.
    expect(supplementPublic.pageLabels?.at(-1)).toMatch(new RegExp(`^\\d+ – ${last + supplementMembers.pageCount}$`));
  });

  it('keeps late exempt papers to the members’ supplement (checked against a positive control)', async () => {
    const dir = path.join(out, 'council-2012-06-25');
    for (const phrase of LATE_EXEMPT_PHRASES) {
      expect(supplementMembers.pages.join(' ')).toContain(phrase);
      expect(supplementPublic.pages.join(' ')).not.toContain(phrase);
      expect((await decodedStrings(new Uint8Array(await readFile(path.join(dir, 'supplement-1-public.pdf'))))).join(' ')).not.toContain(phrase);
      for (const page of (await readdir(dir)).filter((name) => name.endsWith('.html'))) {
        expect((await readFile(path.join(dir, page), 'utf8')).includes(phrase), `${phrase} in ${page}`).toBe(false);
      }
    }
  });

  it('is tagged as the agenda pack is: every checked PDF/UA checkpoint met, both versions', async () => {
    for (const name of ['supplement-1-public.pdf', 'supplement-1-confidential.pdf']) {
      const pdf = new Uint8Array(await readFile(path.join(out, 'council-2012-06-25', name)));
      expect(await matterhornFindings(pdf, { claimsPdfUa: true }), name).toEqual([]);
    }
    expect(supplementPublic.language).toBe('en-GB');
  });

  it('lists its items on the agenda web page, linked to their own pages, under the agenda’s', async () => {
    const agenda = await readFile(path.join(out, 'council-2012-06-25', 'agenda.html'), 'utf8');
    const section = agenda.slice(agenda.indexOf('<section class="supplement-section"'));
    expect(section).toContain('<h2 id="supplement-1-title">Supplementary agenda 1, issued 21 June 2012</h2>');
    expect([...section.matchAll(/<a class="agenda-title" href="([^"]+)">/g)].map((match) => match[1])).toEqual(['supplement-1-item-3.html', 'supplement-1-item-10.html']);
    const corrected = await readFile(path.join(out, 'council-2012-06-25', 'supplement-1-item-3.html'), 'utf8');
    expect(corrected).toContain('the Mayor also thanked the Democratic Services team');
  });

  it('records what was published: each file’s hash and the page map', async () => {
    const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(out, 'council-2012-06-25', 'manifest.json'), 'utf8')));
    const agenda = manifest.packs.find((pack) => pack.issue === 0);
    const supplement = manifest.packs.find((pack) => pack.issue === 1);
    expect(agenda?.files.map((file) => [file.name, file.sha256])).toEqual([
      ['public-pack.pdf', publishedHashes.public],
      ['confidential-pack.pdf', publishedHashes.confidential],
    ]);
    expect(agenda?.ranges['item-5']).toEqual([4, 7]);
    expect(supplement).toMatchObject({ dateOfIssue: '2012-06-21', pageOffset: agenda?.pages, version: 1 });
  });
});

describe('the order of a supplement', () => {
  it('puts its public items first and its exempt ones under Part 2, whatever the order in the file', async () => {
    const copy = await sampleDataCopy();
    const meeting = parse(await readFile(path.join('data', SAMPLE_MEETING_NAME), 'utf8')) as { supplements: Array<{ items: Array<Record<string, unknown>> }> };
    // After the exempt replacement of item 9 in the sample: a new public item, with a two-page PDF.
    meeting.supplements[0]?.items.push({ type: 'procedural', title: 'Urgent item: treasury indicators restated', papers: 'appendices/prudential-indicators-2011-12.pdf', reason: 'Restated by the auditor.' });
    const loaded = await loadMeeting(await writeMeeting(copy, 'ordered.yaml', meeting), await loadCouncilConfig());
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.value.supplements[0]?.items.map((item) => item.number)).toEqual([3, 10, 11, 9]);
  });
});

describe('a draft among the late papers', () => {
  it('is refused from the public supplement unless --allow-draft, as in the agenda', async () => {
    const copy = await sampleDataCopy();
    const report = parse(await readFile(path.join(copy, 'reports', 'car-parking-strategy.yaml'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(copy, 'reports', 'car-parking-revised.yaml'), stringify({ ...report, status: 'draft' }));
    const meeting = parse(await readFile(path.join('data', SAMPLE_MEETING_NAME), 'utf8')) as { supplements: Array<{ items: Array<Record<string, unknown>> }> };
    meeting.supplements[0]?.items.push({ type: 'report', replaces: 7, report: 'reports/car-parking-revised.yaml', reason: 'Revised figures.' });
    const file = await writeMeeting(copy, 'late-draft.yaml', meeting);
    const refused = await runCli('check', file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/late-draft\.yaml:\d+:\d+ supplements\[0\]\.items\[3\]\.report: the report .*car-parking-revised\.yaml is a draft \(status: draft\), which would go into the public pack/);
    expect((await runCli('check', file, '--allow-draft')).status).toBe(0);
  });
});

describe('papers check on a meeting with a supplement', () => {
  it('gives the supplement in the timetable: when it is issued, its clear days, its items', async () => {
    const run = await runCli('check', path.join('data', SAMPLE_MEETING_NAME));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('timetable: supplementary agenda 1 issued 21 June 2012 (1 clear day before the meeting), items 3, 10, 9');
  });
});

/**
 * A private copy of the sample data, and of its packs as published (the run's shared sample pack,
 * copied: the same files a pack of the copy would write, as its record says, so it counts as
 * published and unchanged), for a test that changes either.
 */
async function publishedSampleCopy(prefix: string): Promise<{ copy: string; dir: string; meetingFile: string }> {
  const copy = await sampleDataCopy();
  const dir = await tempDir(prefix);
  await cp(await sharedSamplePack(), dir, { recursive: true });
  const meetingFile = path.join(copy, SAMPLE_MEETING_NAME);
  const unchanged = await runCli('pack', meetingFile, '--out', dir);
  expect(unchanged.stdout).toContain('the agenda pack: published on 2012-06-15 and unchanged; left as it was');
  return { copy, dir, meetingFile };
}

describe('a published pack', () => {
  it('is not rebuilt with changed papers: the build is refused, naming what changed, unless --republish, which writes version 2 and says what moved', async () => {
    const dir = path.join(out, 'council-2012-06-25');
    const report = path.join(data, 'reports', 'car-parking-strategy.yaml');
    const text = await readFile(report, 'utf8');
    // A longer report: item 7 gains pages, so the items after it would move.
    const longer = Array.from({ length: 40 }, (_, index) => `      - Further consultation finding ${index + 1}, added after the agenda was published.`).join('\n');
    await writeFile(report, text.replace(/^title: .*$/m, '$& (revised)').replace('      - The current strategy expires in 2012 and a new one is needed.', `      - The current strategy expires in 2012 and a new one is needed.\n${longer}`));
    const refused = await runCli('pack', path.join(data, SAMPLE_MEETING_NAME), '--out', out);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('the agenda pack was published on 2012-06-15 (public-pack.pdf, confidential-pack.pdf) and this build would change it: item 7 (Car Parking Strategy (revised)) changed');
    expect(refused.stderr).toContain('--republish');
    expect(await sha(path.join(dir, 'public-pack.pdf'))).toBe(publishedHashes.public);

    const republished = await runCli('pack', path.join(data, SAMPLE_MEETING_NAME), '--out', out, '--republish');
    expect(republished.status, republished.stderr).toBe(0);
    expect(republished.stdout).toContain('the agenda pack: version 2 written beside the published version 1 (public-pack-v2.pdf): item 7 (Car Parking Strategy (revised)) changed');
    expect(republished.stdout).toMatch(/item 7 pages 12–\d+ \(were 12–15\); item 9 pages \d+–\d+ \(were 16–17\); \d+ pages \(were 17\)/);
    expect(await sha(path.join(dir, 'public-pack.pdf'))).toBe(publishedHashes.public);
    const second = await readPdf(path.join(dir, 'public-pack-v2.pdf'));
    expect(second.bookmarks.map((bookmark) => bookmark.title)).toContain('Item 7: Car Parking Strategy (revised)');
    const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
    expect(manifest.packs.filter((pack) => pack.issue === 0).map((pack) => pack.version)).toEqual([1, 2]);
    await writeFile(report, text);
  });

  it('is not rebuilt when a PDF paper changed, even with the same pages: the PDF is in the record by its bytes', async () => {
    const { copy, dir, meetingFile } = await publishedSampleCopy('papers-supplement-pdf-changed-');
    const appendix = path.join(copy, 'appendices', 'prudential-indicators-2011-12.pdf');
    const edited = await PDFDocument.load(await readFile(appendix), { updateMetadata: false });
    edited.setSubject('Corrected after publication');
    await writeFile(appendix, await edited.save());
    const refused = await runCli('pack', meetingFile, '--out', dir);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toMatch(/the agenda pack was published on 2012-06-15 \(public-pack\.pdf, confidential-pack\.pdf\) and this build would change it: item \d+ \(Treasury Management[^)]*\) changed/);
  });

  it('is written again, and the clerk told, when one of its files went missing; a supplement taken out of the meeting is left alone, and said', async () => {
    const { copy, dir, meetingFile } = await publishedSampleCopy('papers-supplement-missing-');
    const folder = path.join(dir, 'council-2012-06-25');
    await rm(path.join(folder, 'supplement-1-public.pdf'));
    const again = await runCli('pack', meetingFile, '--out', dir);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('supplementary agenda 1: a file of it was missing or changed since it was published on 2012-06-21; written again from its unchanged papers');
    expect(await readdir(folder)).toContain('supplement-1-public.pdf');
    // The supplement taken out of the meeting file: its published files stay, and the clerk is told.
    await writeMeeting(copy, SAMPLE_MEETING_NAME, await sampleMeetingData());
    const without = await runCli('pack', meetingFile, '--out', dir);
    expect(without.status, without.stderr).toBe(0);
    expect(without.stdout).toContain('supplementary agenda 1 is in manifest.json but no longer in the meeting file; its files (supplement-1-public.pdf, supplement-1-confidential.pdf) are left as they were');
    expect(await readdir(folder)).toContain('supplement-1-confidential.pdf');
  });

  it('is a draft until its date of issue, and is built again freely', async () => {
    const copy = await sampleDataCopy();
    const draftOut = await tempDir('papers-supplement-draft-');
    const meetingFile = await writeMeeting(copy, SAMPLE_MEETING_NAME, await sampleMeetingData());
    const config = await loadCouncilConfig();
    const printer = new Printer();
    try {
      const first = await buildMeetings([meetingFile], { outDir: draftOut, config, printer, today: '2012-06-14' });
      expect(first[0]?.ok).toBe(true);
      const report = path.join(copy, 'reports', 'car-parking-strategy.yaml');
      await writeFile(report, (await readFile(report, 'utf8')).replace(/^title: .*$/m, '$& (draft 2)'));
      const second = await buildMeetings([meetingFile], { outDir: draftOut, config, printer, today: '2012-06-14' });
      expect(second[0]?.ok, JSON.stringify(second[0])).toBe(true);
      expect(await readdir(path.join(draftOut, 'council-2012-06-25'))).not.toContain('public-pack-v2.pdf');
      expect((await readPdf(path.join(draftOut, 'council-2012-06-25', 'public-pack.pdf'))).bookmarks.map((bookmark) => bookmark.title)).toContain('Item 7: Car Parking Strategy (draft 2)');
      // On its date of issue it is published: the same change is refused.
      await writeFile(report, (await readFile(report, 'utf8')).replace('(draft 2)', '(draft 3)'));
      // Nothing is printed for it, not even the layout print made ahead while the papers load.
      const print = printer.print.bind(printer);
      let prints = 0;
      printer.print = (request) => {
        prints += 1;
        return print(request);
      };
      const third = await buildMeetings([meetingFile], { outDir: draftOut, config, printer, today: '2012-06-15' });
      expect(third[0]).toMatchObject({ ok: false, code: 'PUBLISHED' });
      expect(prints).toBe(0);
    } finally {
      await printer.close();
    }
  });
});

describe('supplement numbering as the style says', () => {
  it('numbers a supplement S1, S2 … when the style asks for a prefix', async () => {
    const config = await loadCouncilConfig();
    const prefixOut = await tempDir('papers-supplement-prefix-');
    const [result] = await buildMeetings([path.join('data', SAMPLE_MEETING_NAME)], { outDir: prefixOut, config: { ...config, supplementPages: { numbering: 'prefix', prefix: 'S' } }, printer: sharedPrinter() });
    expect(result?.ok, JSON.stringify(result)).toBe(true);
    const members = await readPdf(path.join(prefixOut, 'council-2012-06-25', 'supplement-1-confidential.pdf'));
    expect(members.pageLabels?.slice(0, 3)).toEqual(['S1', 'S2', 'S3']);
    expect(members.pages[0]).toContain('Page S1');
    expect(members.pages[0]).toMatch(/Minutes of the last meeting .*? S3\b/);
  });
});

describe('late items are checked', () => {
  it('names, located, a new item without a reason, a replacement of no item or of one already replaced, an exempt replacement of a public item and an early date', async () => {
    const copy = await sampleDataCopy();
    const meeting = parse(await readFile(path.join('data', SAMPLE_MEETING_NAME), 'utf8')) as { supplements: Array<{ dateOfIssue: string; items: Array<Record<string, unknown>> }> };
    const [supplement] = meeting.supplements;
    if (!supplement) throw new Error('the sample meeting should have a supplement');
    supplement.dateOfIssue = '2012-06-10';
    delete supplement.items[1]?.reason;
    supplement.items.push({ type: 'procedural', title: 'Nothing', replaces: 42, reason: 'none' });
    supplement.items.push({ type: 'report', replaces: 7, report: 'reports/disposal-of-land-north-place.yaml', reason: 'late' });
    supplement.items.push({ type: 'procedural', title: 'Minutes again', replaces: 3, reason: 'twice' });
    const file = await writeMeeting(copy, 'late.yaml', meeting);
    const loaded = await loadMeeting(file, await loadCouncilConfig());
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const said = loaded.problems.map((problem) => `${problem.line}:${problem.column} ${problem.path}: ${problem.message}`);
    expect(said).toEqual([
      expect.stringMatching(/^\d+:\d+ supplements\[0\]\.dateOfIssue: expected a date on or after 2012-06-15, when the agenda was issued$/),
      expect.stringMatching(/^\d+:\d+ supplements\[0\]\.items\[1\]: a new item needs the chair's reason for taking it as a matter of urgency \(reason\)/),
      expect.stringMatching(/^\d+:\d+ supplements\[0\]\.items\[3\]\.replaces: expected the number of an item on the agenda, 1 to 9$/),
      expect.stringMatching(/^\d+:\d+ supplements\[0\]\.items\[4\]: "Disposal of Land at North Place" is exempt, but item 7 is in Part 1 \(public\) on the agenda/),
      expect.stringMatching(/^\d+:\d+ supplements\[0\]\.items\[5\]\.replaces: item 3 is already replaced earlier in this supplement; give all its papers in one late item$/),
    ]);
  });
});
