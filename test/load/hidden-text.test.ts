import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { removeDataCopies, SAMPLE_MEETING_NAME, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { sampleReportData } from '../helpers/sample.js';
import { printAppendix, withBoxOver, withLayer, withUnappliedRedaction } from '../helpers/real-world-pdfs.js';
import {
  visibleControls,
  withBlackField,
  withBlackHighlight,
  withClippedText,
  withImageOver,
  withInkOver,
  withInvisibleText,
  withRectangleDrawn,
  withTextOffPage,
  withTextOnSameColour,
  withTinyText,
  withWhiteText,
  withInvisibleTextOverVisible,
} from '../helpers/hidden-pdfs.js';
import { sharedPrinter } from '../helpers/shared-browser.js';

afterAll(removeDataCopies);

/**
 * A PDF that only looks redacted (a black box drawn over a name, or a redaction marked and never
 * applied), or whose words are hidden some other way (invisible, clipped, white on white, off
 * the page), still holds the words: the check draws each page with and without its text and
 * names the words that look the same either way. It may go to members in an exempt item, never into public
 * output: `papers check` and `papers pack` refuse it in the public pack and in a supplement's,
 * and `papers build` in a report built with its appendices, each with a located message (one
 * rule, src/validate/hidden-text.ts, asked on each of those paths).
 */
let dir: string;

beforeAll(async () => {
  dir = await sampleDataCopy();
  const printer = sharedPrinter();
  const letter = await printAppendix(printer, { shape: 'report', pages: 2, marker: 'Objector letter' });
  // Over the first paragraph of page 1 (printed 15 mm from the top, as the generator lays it out).
  await writeFile(path.join(dir, 'appendices', 'boxed.pdf'), await withBoxOver(letter, 0, { x: 30, y: 700, width: 500, height: 80 }));
  await writeFile(path.join(dir, 'appendices', 'boxed-nothing.pdf'), await withBoxOver(letter, 1, { x: 30, y: 40, width: 500, height: 10 }));
  await writeFile(path.join(dir, 'appendices', 'marked.pdf'), await withUnappliedRedaction(letter, 1, { x: 30, y: 700, width: 500, height: 80 }));
  await writeFile(path.join(dir, 'appendices', 'hidden-layer.pdf'), await withLayer(letter, 0, 'Officer notes on the objector', false));
  await writeFile(path.join(dir, 'appendices', 'shown-layer.pdf'), await withLayer(letter, 0, 'Officer notes on the objector', true));
  const over = { x: 30, y: 700, width: 500, height: 80 };
  const hidden = 'Halberd valuation 42 Mill Lane';
  const makers: Record<string, () => Promise<Uint8Array>> = {
    ink: () => withInkOver(letter, 0, over),
    highlight: () => withBlackHighlight(letter, 0, over),
    field: () => withBlackField(letter, 0, over),
    rectangle: () => withRectangleDrawn(letter, 0, over),
    image: () => withImageOver(letter, 0, over),
    invisible: () => withInvisibleText(letter, 0, hidden),
    clipped: () => withClippedText(letter, 0, hidden),
    white: () => withWhiteText(letter, 0, hidden),
    'off-page': () => withTextOffPage(letter, 0, hidden),
    tiny: () => withTinyText(letter, 0, hidden),
    'same-colour': () => withTextOnSameColour(letter, 0, hidden),
    'under-visible': () => withInvisibleTextOverVisible(letter, 0, hidden),
  };
  for (const [name, make] of Object.entries(makers)) await writeFile(path.join(dir, 'appendices', `hidden-${name}.pdf`), await make());
  await writeFile(path.join(dir, 'appendices', 'controls.pdf'), await visibleControls());
});

/** The finding for words that cannot be seen on page 1, as `papers check` locates it. */
const UNSEEN = 'page 1: \\d+ words? cannot be seen \\("[^"]+"(, "[^"]+")*(, …)?\\) though (they are|it is) in the file';

async function meetingWith(name: string, appendices: Array<Record<string, unknown>>, exemptItem = false): Promise<string> {
  const meeting = await sampleMeetingData();
  const target = meeting.items.find((item) => item.report === (exemptItem ? 'reports/disposal-of-land-north-place.yaml' : 'reports/commissioning-protocol.yaml')) as Record<string, unknown>;
  target.appendices = appendices;
  return writeMeeting(dir, `${name}.yaml`, meeting);
}

describe('text hidden under a box, in a PDF paper', () => {
  it('is refused for the public pack, located at the appendix', async () => {
    const file = await meetingWith('boxed-public', [{ title: 'Objection', file: 'appendices/boxed.pdf' }]);
    const run = await runCli('check', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^${file}:\\d+:\\d+ items\\[4\\]\\.appendices\\[0\\]\\.file: .*boxed\\.pdf: ${UNSEEN}\\. Apply the redaction \\(so the words are removed from the file, not covered\\) before it is published, or mark it exempt$`, 'm'),
    );
    const pack = await runCli('pack', file, '--out', path.join(dir, 'out-boxed'));
    expect(pack.status).toBe(1);
    expect(pack.stderr).toMatch(new RegExp(`boxed\\.pdf: ${UNSEEN}`));
  });

  it.each([
    ['a black Ink annotation', 'ink'],
    ['a black Highlight annotation', 'highlight'],
    ['a form field with a black background', 'field'],
    ['a rectangle drawn in the page content', 'rectangle'],
    ['a picture laid over the words', 'image'],
    ['invisible text (3 Tr)', 'invisible'],
    ['text clipped out of view', 'clipped'],
    ['white text on white', 'white'],
    ['text drawn off the page', 'off-page'],
    ['text a tenth of a point high', 'tiny'],
    ['text the colour of the box under it', 'same-colour'],
    ['invisible text laid over words that can be seen', 'under-visible'],
  ])('is refused for the public pack when hidden by %s, located at the appendix', async (_, name) => {
    const file = await meetingWith(`hidden-${name}`, [{ title: 'Objection', file: `appendices/hidden-${name}.pdf` }]);
    const run = await runCli('check', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${file}:\\d+:\\d+ items\\[4\\]\\.appendices\\[0\\]\\.file: .*hidden-${name}\\.pdf: ${UNSEEN}\\. Apply the redaction`, 'm'));
    // The words added to hide are named; a box hides the letter's own first lines.
    // (words under other words name both: neither can be judged by what the page shows)
    expect(run.stderr).toContain(['ink', 'highlight', 'field', 'rectangle', 'image'].includes(name) ? '"Objector"' : name === 'under-visible' ? '"Approved"' : '"Halberd"');
  });

  it('is not claimed of words that can be seen: the sample appendix, shaded tables, watermarks, coloured backgrounds, small print', async () => {
    const file = await meetingWith('controls', [
      { title: 'Prudential indicators', file: 'appendices/prudential-indicators-2011-12.pdf' },
      { title: 'Tables and small print', file: 'appendices/controls.pdf' },
    ]);
    const run = await runCli('check', file);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('is refused when a redaction was marked but never applied', async () => {
    const file = await meetingWith('marked-public', [{ title: 'Objection', file: 'appendices/marked.pdf' }]);
    const run = await runCli('check', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('marked.pdf: page 2 has a redaction that was marked but never applied, so the text under it is still in the file');
  });

  it('is accepted in an exempt appendix or item, which only members see', async () => {
    const appendix = await meetingWith('boxed-exempt-appendix', [{ title: 'Objection', file: 'appendices/boxed.pdf', exemptParagraphs: [1] }]);
    expect((await runCli('check', appendix)).status).toBe(0);
    const item = await meetingWith('boxed-exempt-item', [{ title: 'Objection', file: 'appendices/boxed.pdf' }], true);
    expect((await runCli('check', item)).status).toBe(0);
  });

  it('is refused, in any pack, on a layer the PDF hides when it opens; a layer it shows is fine', async () => {
    const hidden = await meetingWith('hidden-layer', [{ title: 'Objection', file: 'appendices/hidden-layer.pdf', exemptParagraphs: [1] }]);
    const run = await runCli('check', hidden);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/items\[4\]\.appendices\[0\]\.file: .*hidden-layer\.pdf: the PDF has layers that are hidden when it opens, and a pack would print them/);
    const shown = await meetingWith('shown-layer', [{ title: 'Objection', file: 'appendices/shown-layer.pdf' }]);
    expect((await runCli('check', shown)).status).toBe(0);
  });

  it('is not claimed where a box covers no text', async () => {
    const file = await meetingWith('boxed-nothing', [{ title: 'Objection', file: 'appendices/boxed-nothing.pdf' }]);
    const run = await runCli('check', file);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('is refused in a supplement’s public pack, located at the late item’s appendix', async () => {
    const meeting = parse(await readFile(path.join(dir, SAMPLE_MEETING_NAME), 'utf8')) as { supplements: Array<{ items: Array<Record<string, unknown>> }> };
    meeting.supplements[0]?.items.push({
      type: 'procedural',
      title: 'Urgent item: an objection',
      papers: 'papers/promenade-storm-damage.md',
      appendices: [{ title: 'Objection', file: 'appendices/boxed.pdf' }],
      reason: 'Received after the agenda was published.',
    });
    const file = await writeMeeting(dir, 'boxed-supplement.yaml', meeting);
    const run = await runCli('check', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${file}:\\d+:\\d+ supplements\\[0\\]\\.items\\[\\d+\\]\\.appendices\\[0\\]\\.file: .*boxed\\.pdf: ${UNSEEN}`, 'm'));
  });

  it('is refused when a report is built with its appendices (papers build), unless the appendix is exempt', async () => {
    const report = (appendix: Record<string, unknown>) => stringify({ ...sampleReportData(), appendices: [{ title: 'Objection', file: path.join(dir, 'appendices', 'boxed.pdf'), ...appendix }] });
    const file = path.join(dir, 'reports', 'boxed-appendix.yaml');
    await writeFile(file, report({}));
    const run = await runCli('build', file, '--format', 'html', '--out', path.join(dir, 'out-build-boxed'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`boxed-appendix\\.yaml:\\d+:\\d+ appendices\\[0\\]\\.file: .*boxed\\.pdf: ${UNSEEN}\\. .*before it is published, or mark it exempt`));
    // As an exempt appendix, for members only, it is built.
    await writeFile(file, report({ exemptParagraphs: [1] }));
    const exempt = await runCli('build', file, '--format', 'html', '--out', path.join(dir, 'out-build-exempt'));
    expect(exempt.stderr).not.toContain('cannot be seen');
    expect(exempt.status).toBe(0);
  });
});
