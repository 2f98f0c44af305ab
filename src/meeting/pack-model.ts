import type { Contact } from '../schema/common.js';
import type { Meeting } from '../schema/meeting.js';
import type { Paper } from '../load/paper.js';

export interface PackAppendix {
  number: number;
  title: string;
  paper: Paper | undefined;
  /** Schedule 12A paragraphs when the appendix is exempt (always, inside an exempt item). */
  exemptParagraphs: number[];
}

export interface PackItem {
  number: number;
  kind: 'procedural' | 'report' | 'exclusion';
  title: string;
  /** Markdown printed under the title on the front sheet. */
  text: string | undefined;
  paper: Paper | undefined;
  appendices: PackAppendix[];
  /** Non-empty for an exempt item (Part 2). */
  exemptParagraphs: number[];
  /** A brief, publishable description of an exempt item. */
  exemptDescription: string | undefined;
  /** The file that makes an item exempt when the agenda does not say so itself: its papers are an exempt report. */
  exemptBy: string | undefined;
  author: Contact | undefined;
  /** For an item issued in a supplement after the agenda. */
  late: LateInfo | undefined;
}

/** What the supplement's front sheet says of a late item. */
export interface LateInfo {
  supplement: number;
  /** Why it is late: for a new item, the chair's reason for urgency. */
  reason: string | undefined;
  /** Whether it replaces the papers of the agenda item of its number. */
  replaces: boolean;
}

/** Papers issued after the agenda, as a supplementary agenda of their own. */
export interface ResolvedSupplement {
  number: number;
  dateOfIssue: string;
  items: PackItem[];
}

/** Which issue of papers a pack is: the agenda or one of its supplements, and how its pages are numbered. */
export interface PackIssue {
  /** 0 for the agenda; 1, 2 … for its supplements. */
  supplement: number;
  dateOfIssue: string;
  /** Its pages are numbered from pageOffset + 1, each written after pagePrefix ("S1", or "121" going on from the agenda's). */
  pageOffset: number;
  pagePrefix: string;
}

/** A meeting with every referenced file loaded and checked: what a pack is made from. */
export interface ResolvedMeeting {
  file: string;
  /** The output folder name: the meeting file's name without its extension. */
  slug: string;
  meeting: Meeting;
  /** The items of the pack being made: the agenda's, or a supplement's (see issueOf). */
  items: PackItem[];
  supplements: ResolvedSupplement[];
  issue: PackIssue;
}

/**
 * The items as the meeting took them: the agenda's, each replaced by its latest late papers, and
 * the new late items, in number order (what the minutes record).
 */
export function itemsAsHeld(resolved: Pick<ResolvedMeeting, 'items' | 'supplements'>): PackItem[] {
  const byNumber = new Map(resolved.items.map((item) => [item.number, item]));
  for (const supplement of resolved.supplements) for (const item of supplement.items) byNumber.set(item.number, item);
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

/** The agenda's own issue: pages from 1, unprefixed. */
export function agendaIssue(meeting: Meeting): PackIssue {
  return { supplement: 0, dateOfIssue: meeting.dateOfIssue, pageOffset: 0, pagePrefix: '' };
}

/** A meeting as the pack of one supplement sees it: that supplement's items, numbered as it says. */
export function supplementPack(resolved: ResolvedMeeting, supplement: ResolvedSupplement, numbering: { pageOffset: number; pagePrefix: string }): ResolvedMeeting {
  return { ...resolved, items: supplement.items, issue: { supplement: supplement.number, dateOfIssue: supplement.dateOfIssue, ...numbering } };
}

export function hasPapers(item: PackItem): boolean {
  return item.paper !== undefined || item.appendices.some((appendix) => appendix.paper !== undefined);
}

export function isExempt(item: PackItem): boolean {
  return item.exemptParagraphs.length > 0;
}
