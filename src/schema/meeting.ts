import { z } from 'zod';
import { contactSchema, exemptParagraphs, isoDate, listOf, markdownText, plainText, styleName } from './common.js';

export const memberSchema = z.strictObject(
  {
    name: plainText,
    role: z.enum(['chair', 'vice-chair', 'member'], { error: 'expected "chair", "vice-chair" or "member"' }).default('member'),
    /** Party or group, printed after the name when given. */
    group: plainText.optional(),
  },
  { error: 'expected a member: name, and optionally role and group' },
);

const paperFile = plainText.regex(/\.(md|markdown|ya?ml|json|pdf)$/i, 'expected a .md, .yaml, .json or .pdf file');

export const itemAppendixSchema = z.strictObject(
  {
    title: plainText,
    /** A Markdown, report data or PDF file, relative to the meeting file. */
    file: paperFile,
    exemptParagraphs: exemptParagraphs.optional(),
  },
  { error: 'expected an appendix: title, file and optionally exemptParagraphs' },
);

const appendices = listOf(itemAppendixSchema, 'appendices').default([]);

export const proceduralItemSchema = z.strictObject({
  type: z.literal('procedural'),
  title: plainText,
  /** Printed under the title on the front sheet, such as "To receive apologies for absence". */
  text: markdownText.optional(),
  /** The item's own papers (such as the minutes): a Markdown or report data file. */
  papers: paperFile.optional(),
  appendices,
});

export const reportItemSchema = z.strictObject({
  type: z.literal('report'),
  /** The report data file; title, author and classification come from it. */
  report: plainText.regex(/\.(ya?ml|json|md|markdown)$/i, 'expected a report data file (.yaml, .json, or a Markdown report .md)'),
  /** Appendices in addition to those the report lists with a file. */
  appendices,
});

export const exclusionItemSchema = z.strictObject({
  type: z.literal('exclusion'),
  /** Defaults to the council's wording of the resolution to exclude the press and public. */
  title: plainText.optional(),
});

export const agendaItemSchema = z.discriminatedUnion('type', [proceduralItemSchema, reportItemSchema, exclusionItemSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? 'expected an item with type "procedural", "report" or "exclusion"' : undefined),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

/** What a late item adds to an agenda item: whether it takes an item's place, and why it is late. */
const lateFields = {
  /** The agenda item whose papers this replaces (it keeps its number); without it, the item is new and numbered after the others. */
  replaces: z.number({ error: 'expected the number of the agenda item this replaces, for example 7' }).int('expected a whole item number').positive('expected an item number from 1').optional(),
  /** Why the papers are late: for a new item, the chair's reason for taking it as a matter of urgency (s.100B(4)(b) of the Local Government Act 1972), which the minutes record. */
  reason: markdownText.optional(),
};

export const lateItemSchema = z.discriminatedUnion('type', [proceduralItemSchema.extend(lateFields), reportItemSchema.extend(lateFields)], {
  error: (issue) => (issue.code === 'invalid_union' ? 'expected a late item with type "procedural" or "report"' : undefined),
});
export type LateItem = z.infer<typeof lateItemSchema>;

/** Papers issued after the agenda: a late report, or an item's papers replaced. */
export const supplementSchema = z.strictObject(
  {
    /** The day this supplement is published. */
    dateOfIssue: isoDate,
    items: listOf(lateItemSchema, 'late items').min(1, 'expected at least one late item'),
  },
  { error: 'expected a supplement: dateOfIssue and items' },
);

export const meetingSchema = z.strictObject(
  {
    council: plainText,
    /** The house style of its packs and of every report in it (default: the command line's, else cheltenham). */
    style: styleName.optional(),
    /** The committee or body, such as "Council", "Cabinet" or "Planning Committee". */
    committee: plainText,
    date: isoDate,
    time: z.string({ error: 'expected a time written as HH:MM, for example "14:30"' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time written as HH:MM, for example "14:30"'),
    venue: plainText,
    /** The members, for a style whose front sheet lists them (optional). */
    membership: listOf(memberSchema, 'members').default([]),
    substitutes: listOf(plainText, 'substitute members').default([]),
    quorum: z.number({ error: 'expected a whole number of members' }).int('expected a whole number of members').positive('expected a whole number of members').optional(),
    /** The democratic services officer for the meeting. */
    contact: contactSchema,
    dateOfIssue: isoDate,
    /** Footer notes: public speaking, webcasting, alternative formats … */
    notes: listOf(z.strictObject({ heading: plainText, text: markdownText }, { error: 'expected a note: heading and text' }), 'notes').default([]),
    items: listOf(agendaItemSchema, 'agenda items').min(1, 'expected at least one agenda item'),
    /** Supplementary agendas issued after the agenda, in order: each is its own pack, and the agenda's pack is left as published. */
    supplements: listOf(supplementSchema, 'supplements').default([]),
  },
  { error: 'expected a meeting: a mapping of fields such as council, committee, date …' },
);

export type Meeting = z.infer<typeof meetingSchema>;
