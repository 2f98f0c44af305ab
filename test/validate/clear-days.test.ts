import { describe, expect, it } from 'vitest';
import { clearDaysBetween } from '../../src/validate/clear-days.js';

describe('clear days', () => {
  it('excludes the day of issue, the day of the meeting, weekends and bank holidays', () => {
    // Friday 15 June 2012 to Monday 25 June 2012: Mon 18 to Fri 22.
    expect(clearDaysBetween('2012-06-15', '2012-06-25')).toBe(5);
    // The Diamond Jubilee bank holidays, 4 and 5 June 2012.
    expect(clearDaysBetween('2012-06-01', '2012-06-11')).toBe(5);
    expect(clearDaysBetween('2012-06-01', '2012-06-11', ['2012-06-04', '2012-06-05'])).toBe(3);
    expect(clearDaysBetween('2012-06-25', '2012-06-25')).toBe(0);
    expect(clearDaysBetween('2012-06-24', '2012-06-25')).toBe(0);
  });
});
