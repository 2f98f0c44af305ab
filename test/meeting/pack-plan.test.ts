import { describe, expect, it } from 'vitest';
import { loadCouncilConfig } from '../../src/config/council.js';
import { loadSampleMeeting } from '../helpers/data-copy.js';
import { fullParts, hasExemptContent, publicParts, rangesFromStarts } from '../../src/meeting/pack-plan.js';

const config = await loadCouncilConfig();
const meeting = await loadSampleMeeting(config);

describe('pack plan', () => {
  it('puts each item with papers in agenda order, papers before appendices', () => {
    expect(fullParts(meeting).map((part) => part.anchor)).toEqual(['item-3', 'item-5', 'item-5-appendix-1', 'item-6', 'item-6-appendix-1', 'item-7', 'item-7-appendix-1', 'item-7-appendix-2', 'item-9']);
    expect(hasExemptContent(meeting)).toBe(true);
  });

  it('replaces exempt items and exempt appendices with notices in the public pack', () => {
    expect(publicParts(meeting).map((part) => `${part.kind}:${part.anchor}`)).toEqual([
      'papers:item-3',
      'papers:item-5',
      'appendix:item-5-appendix-1',
      'papers:item-6',
      'appendix:item-6-appendix-1',
      'papers:item-7',
      'appendix:item-7-appendix-1',
      'notice:item-7-appendix-2',
      'notice:item-9',
    ]);
  });

  it('derives ranges: a part ends where the next starts; an item spans its appendices', () => {
    const parts = fullParts(meeting);
    const starts = new Map([
      ['item-3', 3],
      ['item-5', 4],
      ['item-5-appendix-1', 7],
      ['item-6', 8],
      ['item-6-appendix-1', 10],
      ['item-7', 12],
      ['item-7-appendix-1', 14],
      ['item-7-appendix-2', 15],
      ['item-9', 16],
    ]);
    const ranges = rangesFromStarts(parts, starts, 17);
    expect(ranges.get('item-3')).toEqual({ first: 3, last: 3 });
    expect(ranges.get('item-5')).toEqual({ first: 4, last: 7 });
    expect(ranges.get('item-7')).toEqual({ first: 12, last: 15 });
    expect(ranges.get('item-7-appendix-2')).toEqual({ first: 15, last: 15 });
    expect(ranges.get('item-9')).toEqual({ first: 16, last: 17 });
  });
});
