import { hasPapers, isExempt, type PackAppendix, type PackItem, type ResolvedMeeting } from './pack-model.js';
import type { Paper } from '../load/paper.js';

export type PackVariant = 'public' | 'confidential';

/** Pages of the confidential pack, numbered from 1; the public pack keeps the same numbers. */
export interface PageRange {
  first: number;
  last: number;
}

/**
 * One part of a pack: each starts on a new page with an anchor heading, so the bookmark of that
 * heading tells where the part starts, and the next part's start tells where it ends.
 */
export type PackPart =
  | { kind: 'papers'; anchor: string; item: PackItem; paper: Paper }
  | { kind: 'item-cover'; anchor: string; item: PackItem }
  | { kind: 'appendix'; anchor: string; item: PackItem; appendix: PackAppendix; paper: Paper }
  | { kind: 'notice'; anchor: string; item: PackItem; appendix: PackAppendix | undefined; standsFor: string };

export function itemAnchor(item: PackItem): string {
  return `item-${item.number}`;
}

export function appendixAnchor(item: PackItem, appendix: PackAppendix): string {
  return `item-${item.number}-appendix-${appendix.number}`;
}

/** Every part of the full (confidential) pack, in agenda order: an item's papers, then its appendices. */
export function fullParts(meeting: ResolvedMeeting): PackPart[] {
  const parts: PackPart[] = [];
  for (const item of meeting.items.filter(hasPapers)) {
    if (item.paper) parts.push({ kind: 'papers', anchor: itemAnchor(item), item, paper: item.paper });
    else parts.push({ kind: 'item-cover', anchor: itemAnchor(item), item });
    for (const appendix of item.appendices) {
      if (appendix.paper) parts.push({ kind: 'appendix', anchor: appendixAnchor(item, appendix), item, appendix, paper: appendix.paper });
    }
  }
  return parts;
}

/**
 * The public pack: an exempt item, or an exempt appendix of a public item, becomes one notice
 * page that stands in for the pages it replaces, so every other page keeps its number.
 */
export function publicParts(meeting: ResolvedMeeting): PackPart[] {
  const parts: PackPart[] = [];
  for (const item of meeting.items.filter(hasPapers)) {
    if (isExempt(item)) {
      parts.push({ kind: 'notice', anchor: itemAnchor(item), item, appendix: undefined, standsFor: itemAnchor(item) });
      continue;
    }
    if (item.paper) parts.push({ kind: 'papers', anchor: itemAnchor(item), item, paper: item.paper });
    else parts.push({ kind: 'item-cover', anchor: itemAnchor(item), item });
    for (const appendix of item.appendices) {
      if (!appendix.paper) continue;
      const anchor = appendixAnchor(item, appendix);
      if (appendix.exemptParagraphs.length > 0) parts.push({ kind: 'notice', anchor, item, appendix, standsFor: anchor });
      else parts.push({ kind: 'appendix', anchor, item, appendix, paper: appendix.paper });
    }
  }
  return parts;
}

/** Whether a meeting needs a separate confidential pack at all. */
export function hasExemptContent(meeting: ResolvedMeeting): boolean {
  return meeting.items.some((item) => hasPapers(item) && (isExempt(item) || item.appendices.some((appendix) => appendix.paper && appendix.exemptParagraphs.length > 0)));
}

/**
 * Page ranges from where each part starts: a part ends where the next begins, and an item
 * spans its papers and all its appendices. Numbers go on from `pageOffset` (a supplement
 * numbered on from the agenda pack).
 */
export function rangesFromStarts(parts: readonly PackPart[], starts: ReadonlyMap<string, number>, pagesInPack: number, pageOffset = 0): Map<string, PageRange> {
  const ranges = new Map<string, PageRange>();
  const totalPages = pagesInPack + pageOffset;
  const ordered = parts.map((part) => {
    const start = starts.get(part.anchor);
    return { part, first: start === undefined ? undefined : start + pageOffset };
  });
  ordered.forEach(({ part, first }, index) => {
    if (first === undefined) throw new Error(`no page found for ${part.anchor}`);
    const next = ordered[index + 1]?.first;
    ranges.set(part.anchor, { first, last: (next ?? totalPages + 1) - 1 });
  });
  // An item's range runs from its own start to the end of its last appendix.
  for (const part of parts) {
    if (part.kind !== 'papers' && part.kind !== 'item-cover') continue;
    const own = ranges.get(part.anchor);
    const lastOfItem = [...parts].reverse().find((candidate) => candidate.item === part.item);
    const end = lastOfItem ? ranges.get(lastOfItem.anchor) : undefined;
    if (own && end) ranges.set(part.anchor, { first: own.first, last: end.last });
  }
  return ranges;
}
