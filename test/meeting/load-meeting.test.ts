import { afterAll, describe, expect, it } from 'vitest';
import { loadCouncilConfig } from '../../src/config/council.js';
import { loadMeeting } from '../../src/meeting/load-meeting.js';
import path from 'node:path';
import { formatProblem } from '../../src/errors.js';
import { removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';

afterAll(removeDataCopies);

const config = await loadCouncilConfig();
const SAMPLE_MEETING = 'data/council-2012-06-25.yaml';

describe('meeting loading', () => {
  it('accepts the sample meeting and takes titles and classification from the report files', async () => {
    const result = await loadMeeting(SAMPLE_MEETING, config);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    const items = result.value.items;
    expect(items.map((item) => item.title)).toEqual([
      'Apologies',
      'Declarations of interest',
      'Minutes of the last meeting',
      'Public questions',
      'Commissioning Protocol',
      'Treasury Management Annual Report 2011/12',
      'Car Parking Strategy',
      'Exclusion of the press and public',
      'Disposal of Land at North Place',
    ]);
    expect(items[8]?.exemptParagraphs).toEqual([3]);
    expect(items[6]?.appendices.map((appendix) => [appendix.title, appendix.paper?.kind, appendix.exemptParagraphs])).toEqual([
      ['Car parking strategy 2012–2017 (summary)', 'markdown', []],
      ['Enforcement contract: commercial terms', 'markdown', [3]],
    ]);
    expect(items[5]?.appendices[0]?.paper).toMatchObject({ kind: 'pdf', pageCount: 2 });
  });

  it('reports every problem at once, naming the meeting file and each referenced file', async () => {
    const file = 'test/fixtures/meetings/broken-meeting.yaml';
    const result = await loadMeeting(file, config, { root: '.' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.problems.map(formatProblem);
    expect(lines).toEqual([
      `${file}:5:1 time: expected a time written as HH:MM, for example "14:30"`,
      `${file}:9:5 membership[0].role: expected "chair", "vice-chair" or "member"`,
      `${file}:18:5 items[1].report: cannot use the report test/fixtures/reports/does-not-exist.yaml: it has 1 problem(s), listed below`,
      'test/fixtures/reports/does-not-exist.yaml: file not found',
      `${file}:20:5 items[2].report: cannot use the report test/fixtures/reports/broken.yaml: it has 9 problem(s), listed below`,
      ...[
        '2:1 accountableOfficer: required: expected text',
        '2:1 forwardPlanReference: required for a key decision: expected its forward plan reference',
        '5:3 meeting.date: expected a date written as YYYY-MM-DD, for example 2012-06-25',
        '6:1 title: expected text, found an empty value',
        '8:1 accountableOfficr: unknown field; did you mean "accountableOfficer"?',
        '12:23 exemptParagraphs[1]: expected a paragraph number of Schedule 12A, from 1 to 7',
        '16:3 recommendations.items: expected at least one recommendation',
        '17:1 implications: missing the "Legal implications" row, which this council requires in every report',
        '24:7 implications[1].contact.email: expected an email address',
      ].map((line) => `test/fixtures/reports/broken.yaml:${line}`),
      `${file}:23:5 items[3].papers: data/appendices/missing-minutes.md: file not found`,
    ]);
  });

  it('checks Part 2: exempt items after the exclusion resolution, public items before it', async () => {
    const data = await sampleMeetingData();
    // Move the exempt report before the resolution to exclude the press and public.
    const exempt = data.items.pop() as Record<string, unknown>;
    data.items.splice(4, 0, exempt);
    const copy = await writeMeeting(await sampleDataCopy(), 'part-two.yaml', data);
    const result = await loadMeeting(copy, config);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      'items[4]: "Disposal of Land at North Place" is exempt, so it must come after an item of type "exclusion" (the resolution to exclude the press and public)',
      'items[8]: the resolution to exclude the press and public needs at least one exempt item after it',
    ]);
  });

  it('warns when the agenda is issued fewer clear days before the meeting than the law requires', async () => {
    const result = await loadMeeting('test/fixtures/meetings/late-meeting.yaml', config, { root: '.' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map(formatProblem)).toEqual([
      "test/fixtures/meetings/late-meeting.yaml:13:1 dateOfIssue: issued 2 clear day(s) before the meeting; the law requires 5 (publish earlier, or record the chair's agreement that the business is urgent)",
    ]);
  });

  it('an item whose report cannot be loaded does not shift the Part 2 checks onto other items', async () => {
    const data = await sampleMeetingData();
    // Item 5's report is missing; the exclusion (item 8) and the exempt report (item 9) are right.
    data.items[4] = { type: 'report', report: 'reports/does-not-exist.yaml' };
    const dir = await sampleDataCopy();
    const copy = await writeMeeting(dir, 'missing-report.yaml', data);
    const result = await loadMeeting(copy, config);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const missing = path.join(dir, 'reports/does-not-exist.yaml');
    expect(result.problems.map(formatProblem)).toEqual([expect.stringMatching(new RegExp(`^${copy}:\\d+:5 items\\[4\\]\\.report: cannot use the report ${missing}: it has 1 problem\\(s\\), listed below$`)), `${missing}: file not found`]);
  });
});
