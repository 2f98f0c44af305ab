import { z } from 'zod';
import { isoDate, listOf, markdownText, plainText } from './common.js';

/** An interest a member declared at the meeting, for an item. */
export const declarationSchema = z.strictObject(
  {
    member: plainText,
    item: z.number({ error: 'expected the agenda item number' }).int('expected a whole item number').positive('expected an item number from 1'),
    interest: plainText,
    /** A dispensation granted for it, if any. */
    dispensation: plainText.optional(),
  },
  { error: 'expected a declaration: member, item, interest and optionally dispensation' },
);

/** What the meeting decided on an item. */
export const decisionSchema = z.strictObject(
  {
    item: z.number({ error: 'expected the agenda item number' }).int('expected a whole item number').positive('expected an item number from 1'),
    outcome: z.enum(['agreed', 'agreed as amended', 'rejected', 'deferred', 'noted'], { error: 'expected "agreed", "agreed as amended", "rejected", "deferred" or "noted"' }),
    /** The words resolved (Markdown); for an item agreed as recommended, the report's recommendations are used. */
    resolution: markdownText.optional(),
    /** Why (an executive decision's record must say). */
    reasons: markdownText.optional(),
    /** Alternatives considered and rejected. */
    alternatives: markdownText.optional(),
  },
  { error: 'expected a decision: item, outcome, and optionally resolution, reasons and alternatives' },
);

/** After the meeting: who was there, what was declared and decided. Minutes and decision notices are made from it. */
export const outcomesSchema = z.strictObject(
  {
    /** The meeting file, relative to this file. */
    meeting: plainText.regex(/\.(ya?ml|json)$/i, 'expected the meeting data file (.yaml or .json)'),
    /** An executive body (Cabinet): its decisions get decision notices and a call-in period. */
    executive: z.boolean({ error: 'expected true or false' }).default(false),
    present: listOf(plainText, 'members present').min(1, 'expected at least one member present'),
    apologies: listOf(plainText, 'apologies').default([]),
    inAttendance: listOf(plainText, 'others in attendance').default([]),
    declarations: listOf(declarationSchema, 'declarations').default([]),
    decisions: listOf(decisionSchema, 'decisions').default([]),
    /** The day the decision notices are published (default: the meeting's date); call-in runs from it. */
    publishedOn: isoDate.optional(),
  },
  { error: 'expected the outcomes of a meeting: meeting, present, decisions …' },
);

export type Outcomes = z.infer<typeof outcomesSchema>;
