import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadCouncilConfig } from '../../src/config/council.js';
import type { CouncilConfig } from '../../src/schema/council.js';
import { bankHolidaysIn } from '../../src/validate/bank-holidays.js';
import { clearDaysBetween } from '../../src/validate/clear-days.js';
import { parseSource } from '../../src/load/source.js';
import { meetingFromSource } from '../../src/meeting/load-meeting.js';

let config: CouncilConfig;
beforeAll(async () => {
  config = await loadCouncilConfig();
});

/** England and Wales, as published on GOV.UK (substitute days included). */
const PUBLISHED: Record<number, string[]> = {
  2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
  // Easter from its rule; the fixed days.
  2028: ['01-03', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'],
  2029: ['01-01', '03-30', '04-02', '05-07', '05-28', '08-27', '12-25', '12-26'],
  2030: ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'],
};

function meetingText(date: string, dateOfIssue: string): string {
  return stringify({
    council: 'Sample Borough Council',
    committee: 'Cabinet',
    date,
    time: '18:00',
    venue: 'Municipal Offices',
    membership: [{ name: 'Councillor A', role: 'chair' }],
    contact: { name: 'Clerk', email: 'clerk@example.gov.uk' },
    dateOfIssue,
    items: [{ type: 'procedural', title: 'Apologies', text: 'To receive apologies.' }],
  });
}

const iso = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (isoDate: string, days: number) => {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return iso(date);
};

describe('bank holidays, kept for any year', () => {
  it('has every England and Wales bank holiday of 2024 to 2030', async () => {
    for (const [year, days] of Object.entries(PUBLISHED)) {
      expect(await bankHolidaysIn(Number(year), 'england-and-wales'), year).toEqual(expect.arrayContaining(days.map((day) => `${year}-${day}`)));
    }
    // Scotland's own: 2 January and St Andrew's Day (substitute Monday 30 November 2026).
    expect(await bankHolidaysIn(2026, 'scotland')).toEqual(expect.arrayContaining(['2026-01-02', '2026-11-30']));
  });

  it('catches a meeting issued across any of them: five clear days counting weekends only are four', async () => {
    let caught = 0;
    for (const [year, days] of Object.entries(PUBLISHED)) {
      for (const day of days) {
        const holiday = `${year}-${day}`;
        const weekday = new Date(`${holiday}T00:00:00Z`).getUTCDay();
        if (weekday === 0 || weekday === 6) continue;
        // Issued the day before the holiday, for the first meeting date that has five clear days if the holiday were a working day.
        const issue = addDays(holiday, -1);
        let meeting = addDays(issue, 1);
        while (clearDaysBetween(issue, meeting) < 5) meeting = addDays(meeting, 1);
        const parsed = parseSource('meeting.yaml', meetingText(meeting, issue));
        if (!parsed.ok) throw new Error('the test meeting should parse');
        const loaded = await meetingFromSource(parsed.source, config);
        if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
        expect(
          loaded.warnings.map((warning) => warning.message),
          `${holiday}: issued ${issue} for ${meeting}`,
        ).toContainEqual(expect.stringMatching(/^issued [0-4] clear day\(s\) before the meeting; the law requires 5/));
        expect(loaded.timetable.publishBy < issue, holiday).toBe(true);
        caught += 1;
      }
    }
    expect(caught).toBeGreaterThan(50);
  });
});
