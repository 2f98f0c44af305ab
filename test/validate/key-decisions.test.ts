import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadCouncilConfig } from '../../src/config/council.js';
import type { CouncilConfig } from '../../src/schema/council.js';
import { loadMeeting } from '../../src/meeting/load-meeting.js';
import { removeDataCopies, sampleDataCopy, SAMPLE_MEETING_NAME } from '../helpers/data-copy.js';

/** Key decisions need 28 clear days on the forward plan, or an exception recorded; the meeting is 25 June 2012. */
let config: CouncilConfig;
let dir: string;
beforeAll(async () => {
  config = await loadCouncilConfig();
  dir = await sampleDataCopy();
});
afterAll(removeDataCopies);

async function warningsWith(changes: Record<string, unknown>): Promise<string[]> {
  const file = path.join(dir, 'reports', 'car-parking-strategy.yaml');
  const data = parse(await readFile(path.join('data', 'reports', 'car-parking-strategy.yaml'), 'utf8')) as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete data[key];
    else data[key] = value;
  }
  await writeFile(file, stringify(data));
  const loaded = await loadMeeting(path.join(dir, SAMPLE_MEETING_NAME), config);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.warnings.map((warning) => warning.message).filter((message) => message.includes('key decision'));
}

describe('notice of key decisions', () => {
  it('is quiet when the decision was on the forward plan 28 clear days before, and gives the date to act by', async () => {
    expect(await warningsWith({})).toEqual([]);
    const loaded = await loadMeeting(path.join(dir, SAMPLE_MEETING_NAME), config);
    expect(loaded.ok && loaded.timetable.keyDecisions.map((decision) => decision.noticeBy)).toEqual(['2012-05-10', '2012-05-10']);
    // Taken on Monday 25 June and published that day: 5 working days to call it in, to Monday 2 July.
    expect(loaded.ok && loaded.timetable.keyDecisions.map((decision) => decision.callInEnds)).toEqual(['2012-07-02', '2012-07-02']);
  });

  it('is an error instead, and nothing is built, when the council’s configuration says so', async () => {
    await warningsWith({});
    const strict = { ...config, timetableRules: { publication: 'warning' as const, keyDecisionNotice: 'error' as const } };
    const file = path.join(dir, 'reports', 'car-parking-strategy.yaml');
    const data = parse(await readFile(path.join('data', 'reports', 'car-parking-strategy.yaml'), 'utf8')) as Record<string, unknown>;
    delete data.forwardPlanDate;
    await writeFile(file, stringify(data));
    const loaded = await loadMeeting(path.join(dir, SAMPLE_MEETING_NAME), strict);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([expect.stringMatching(/^items\[6\]\.report: .*key decision: add forwardPlanDate/)]);
    // The same meeting under the shipped configuration: a warning, and it loads.
    expect((await loadMeeting(path.join(dir, SAMPLE_MEETING_NAME), config)).ok).toBe(true);
  });

  it('warns, with the date that was due, when the notice is missing or short, or an exception is not recorded', async () => {
    expect(await warningsWith({ forwardPlanDate: undefined })).toEqual([expect.stringMatching(/key decision: add forwardPlanDate .*: 28 clear days before the meeting are due, by 2012-05-10; or record keyDecisionException/)]);
    // 14 May 2012: Monday; 28 clear days back from 25 June are due by 10 May (the May and June bank holidays excluded).
    expect(await warningsWith({ forwardPlanDate: '2012-05-14' })).toEqual([expect.stringMatching(/on the forward plan from 2012-05-14, \d+ clear day\(s\) before the meeting; 28 are due \(by 2012-05-10\)/)]);
    expect(await warningsWith({ forwardPlanDate: undefined, keyDecisionException: 'general-exception' })).toEqual([
      expect.stringMatching(/taken under the general exception: record the day notice went to the scrutiny chair \(exceptionNoticeDate\), by 2012-06-17/),
    ]);
    expect(await warningsWith({ forwardPlanDate: undefined, keyDecisionException: 'general-exception', exceptionNoticeDate: '2012-06-20' })).toEqual([
      expect.stringMatching(/the general exception notice of 2012-06-20 gives 2 clear day\(s\); 5 are due/),
    ]);
    expect(await warningsWith({ forwardPlanDate: undefined, keyDecisionException: 'general-exception', exceptionNoticeDate: '2012-06-15' })).toEqual([]);
    expect(await warningsWith({ forwardPlanDate: undefined, keyDecisionException: 'special-urgency' })).toEqual([expect.stringMatching(/taken under special urgency: record the day the chair agreed/)]);
    expect(await warningsWith({ forwardPlanDate: undefined, keyDecisionException: 'special-urgency', exceptionNoticeDate: '2012-06-22' })).toEqual([]);
  });
});
