import { z } from 'zod';
import { contactSchema, exemptParagraphs, isoDate, listOf, markdownText, plainText, styleName } from './common.js';
import { anyCoverValue, coverSchemaFor, type CoverField } from './cover.js';

export const meetingRefSchema = z.strictObject(
  {
    /** The decision-making body, such as "Council", "Cabinet" or "Planning Committee". */
    body: plainText,
    date: isoDate,
  },
  { error: 'expected the meeting: body and date' },
);

export const recommendationsSchema = z.strictObject(
  {
    /** The opening line, such as "That Council:". */
    intro: plainText,
    items: listOf(markdownText, 'recommendations').min(1, 'expected at least one recommendation'),
    /** How this report's recommendations are numbered, where its style lets a report choose (default: the style's). */
    numbering: z.enum(['1.', 'a)', 'A.', '(i)'], { error: 'expected one of "1.", "a)", "A.", "(i)"' }).optional(),
  },
  { error: 'expected recommendations: intro and items' },
);

export const implicationSchema = z.strictObject(
  {
    heading: plainText,
    text: markdownText,
    contact: contactSchema.optional(),
  },
  { error: 'expected an implication: heading, text and an optional contact' },
);
export type Implication = z.infer<typeof implicationSchema>;

/** A paragraph with sub-paragraphs under it, numbered a level deeper (1.1.1, 1.1.2 …). */
export const paragraphWithSubsSchema = z.strictObject(
  {
    text: markdownText,
    paragraphs: listOf(markdownText, 'sub-paragraphs (Markdown)').min(1, 'expected at least one sub-paragraph'),
  },
  { error: 'expected a paragraph with sub-paragraphs: text, and paragraphs under it' },
);

/** One numbered paragraph: Markdown, or Markdown with sub-paragraphs (text and paragraphs). */
export const paragraphSchema = z.union([markdownText, paragraphWithSubsSchema], { error: 'expected a paragraph (Markdown text), or one with sub-paragraphs (text and paragraphs)' });
export type Paragraph = z.infer<typeof paragraphSchema>;

export const sectionSchema = z.strictObject(
  {
    heading: plainText,
    /** Each entry is one numbered paragraph (1.1, 1.2 …), or one with sub-paragraphs (1.1.1 …); numbers are generated, never typed. */
    paragraphs: listOf(paragraphSchema, 'paragraphs (Markdown)').min(1, 'expected at least one paragraph'),
  },
  { error: 'expected a section: heading and paragraphs' },
);
export type Section = z.infer<typeof sectionSchema>;

export const appendixSchema = z.strictObject(
  {
    title: plainText,
    /** Papers of the appendix: a Markdown (.md), report data (.yaml/.json) or PDF file, relative to this file. */
    file: plainText.optional(),
    /** Set when the appendix itself is exempt though the report is public. */
    exemptParagraphs: exemptParagraphs.optional(),
  },
  { error: 'expected an appendix: title, and optionally file and exemptParagraphs' },
);
export type Appendix = z.infer<typeof appendixSchema>;

export const reportSchema = z.strictObject(
  {
    council: plainText,
    /** The house style it is made in (default: the command line's, else cheltenham). */
    style: styleName.optional(),
    meeting: meetingRefSchema,
    title: plainText,
    status: z.enum(['draft', 'final'], { error: 'expected "draft" or "final"' }).default('final'),
    classification: z.enum(['public', 'exempt'], { error: 'expected "public" or "exempt"' }).default('public'),
    exemptParagraphs: exemptParagraphs.optional(),
    /** A brief, publishable description of an exempt report for the agenda's Part 2. */
    exemptDescription: plainText.optional(),
    // Asked for by the styles that print them (see reportSchemaFor); cheltenham's does.
    accountableMember: plainText.optional(),
    accountableOfficer: plainText.optional(),
    wards: plainText.optional(),
    /** The style's own cover fields (From, To, Past pathway …), as the style declares them. */
    cover: z.record(z.string(), anyCoverValue).optional(),
    keyDecision: z.boolean({ error: 'expected true or false' }),
    forwardPlanReference: plainText.optional(),
    /** The day the key decision was first published on the forward plan (28 clear days' notice are due). */
    forwardPlanDate: isoDate.optional(),
    /** A key decision taken without 28 clear days' notice: under the general exception or special urgency rules. */
    keyDecisionException: z.enum(['general-exception', 'special-urgency'], { error: 'expected "general-exception" or "special-urgency"' }).optional(),
    /** General exception: the day notice was given to the scrutiny chair and published; special urgency: the day the chair agreed. */
    exceptionNoticeDate: isoDate.optional(),
    executiveSummary: markdownText,
    recommendations: recommendationsSchema,
    implications: listOf(implicationSchema, 'implications').min(1, 'expected at least one implication'),
    sections: listOf(sectionSchema, 'sections').min(1, 'expected at least one numbered section'),
    author: contactSchema,
    appendices: listOf(appendixSchema, 'appendices').default([]),
    backgroundPapers: listOf(markdownText, 'background papers').default([]),
  },
  { error: 'expected a report: a mapping of fields such as council, meeting, title …' },
);

export type Report = z.infer<typeof reportSchema>;

/** The common fields a style may ask for or leave out. */
export const STYLE_FIELDS = ['accountableMember', 'accountableOfficer', 'wards'] as const;

/** What a style says of its reports' shape (the report section of its council.yaml). */
export interface ReportShape {
  requiredFields: ReadonlyArray<(typeof STYLE_FIELDS)[number]>;
  cover: readonly CoverField[];
}

const schemas = new WeakMap<ReportShape, z.ZodType>();

/**
 * The report schema of a style, built from its declaration: the common fields it asks for made
 * required, and its own cover fields checked by kind under cover: (refused as unknown when it has
 * none), so messages stay located and precise in every style.
 */
export function reportSchemaFor(shape: ReportShape): z.ZodType {
  let schema = schemas.get(shape);
  if (!schema) {
    const required = Object.fromEntries(shape.requiredFields.map((field) => [field, plainText]));
    schema = shape.cover.length > 0 ? reportSchema.extend({ ...required, cover: coverSchemaFor(shape.cover) }) : reportSchema.omit({ cover: true }).extend(required);
    schemas.set(shape, schema);
  }
  return schema;
}
