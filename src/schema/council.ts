import { z } from 'zod';
import { coverFieldSchema } from './cover.js';
import { STYLE_FIELDS } from './report.js';

/** A style's council.yaml: its council's rules, the shape of its reports and every label its templates print. */
export const councilConfigSchema = z.strictObject({
  /** What the style is, in a line, for papers styles: "Cheltenham Borough Council's committee papers". */
  description: z.string().min(1).optional(),
  /** BCP 47 language of the papers, written into the HTML and the PDF. */
  language: z.string().min(2).default('en-GB'),
  /** Implication rows every report must carry (the council's format); matched case-insensitively. */
  requiredImplications: z.array(z.string().min(1)).default([]),
  /** Clear days of notice a key decision needs on the forward plan (England: 28), and under the general exception (5). */
  keyDecisionNoticeClearDays: z.number().int().min(0).default(28),
  generalExceptionClearDays: z.number().int().min(0).default(5),
  /** Working days after an executive decision is published in which it can be called in. */
  callInWorkingDays: z.number().int().min(0).default(5),
  /** Clear days between issue and meeting that the law requires (England 5, Wales 3). */
  publicationClearDays: z.number().int().min(0).default(5),
  /** Whose bank holidays do not count as clear days: England and Wales, Scotland or Northern Ireland (kept by the date-holidays library, any year). */
  bankHolidayRegion: z.enum(['england-and-wales', 'scotland', 'northern-ireland'], { error: 'expected england-and-wales, scotland or northern-ireland' }).default('england-and-wales'),
  /** The council's own closures (YYYY-MM-DD) beyond the bank holidays, which do not count as clear days either. */
  bankHolidays: z.array(z.iso.date()).default([]),
  /** Whether each statutory timetable rule, broken, is a warning (the pack is still built) or an error (it is not). */
  timetableRules: z
    .strictObject({
      /** The agenda published publicationClearDays clear days before the meeting. */
      publication: z.enum(['warning', 'error'], { error: 'expected warning or error' }).default('warning'),
      /** A key decision's notice on the forward plan, or its exception recorded. */
      keyDecisionNotice: z.enum(['warning', 'error'], { error: 'expected warning or error' }).default('warning'),
    })
    .prefault({}),
  /** How a supplementary agenda's pages are numbered: on from the last page of the pack before it (continue), or from 1 after a prefix, "S1", "S2" … (prefix; {number} in it is the supplement's number). */
  supplementPages: z
    .strictObject({
      numbering: z.enum(['continue', 'prefix'], { error: 'expected continue or prefix' }).default('continue'),
      prefix: z.string().min(1).default('S'),
    })
    .prefault({}),
  /** The council's logo, a file in the style folder (.svg, .png or .jpg), for templates that print one. */
  logo: z.string().min(1).optional(),
  /** The shape of its reports: which common fields it asks for, its own cover fields, how it numbers and lays out. */
  report: z
    .strictObject({
      /** The common cover fields every report must give; the others of them are optional (and a template may leave them out). */
      requiredFields: z.array(z.enum(STYLE_FIELDS, { error: `expected some of ${STYLE_FIELDS.join(', ')}` })).default([...STYLE_FIELDS]),
      /** The style's own cover fields, in order: a report gives them under cover:. */
      cover: z.array(coverFieldSchema).default([]),
      /** Closing sections (background documents, appendices, contacts) numbered on from the body (11, 12, 13), or not. */
      closingSections: z.enum(['numbered', 'unnumbered'], { error: 'expected numbered or unnumbered' }).default('unnumbered'),
      /** Implications as rows of the cover table (table), or as numbered sections after the body (sections). */
      implications: z.enum(['table', 'sections'], { error: 'expected table or sections' }).default('table'),
      numbering: z
        .strictObject({
          /** How recommendations are numbered: 1. 2. / a) b) / A. B. / (i) (ii). */
          recommendations: z.enum(['1.', 'a)', 'A.', '(i)'], { error: 'expected one of "1.", "a)", "A.", "(i)"' }).default('1.'),
          /** Appendices by number (1, 2) or letter (A, B): in the report, the pack's bookmarks and its front sheet. */
          appendices: z.enum(['numbers', 'letters'], { error: 'expected numbers or letters' }).default('numbers'),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Every label and fixed phrase the templates print, so wording changes need no code. */
  labels: z.record(z.string(), z.string()),
  /** How reports look when written as Word documents (papers build --format docx). */
  word: z
    .strictObject({
      /** Body text font, as Word names it. */
      font: z.string().min(1).default('Arial'),
      /** Body text size in points. */
      fontSize: z.number().min(6).max(32).default(11),
    })
    .prefault({}),
});

/** A council's configuration as loaded (src/config/council.ts), with the style folder it came from. */
export type CouncilConfig = z.infer<typeof councilConfigSchema> & { templatesDir: string };
