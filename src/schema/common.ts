import { z } from 'zod';

/**
 * Characters that cannot be shown as text: C0 and C1 controls (tab, line feed and carriage
 * return excepted) and the bidirectional embeddings, overrides and isolates, which would
 * reorder the text after them on the page (a way to make published text read otherwise).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it finds
export const HIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

function noHiddenControls(text: string, ctx: z.core.$RefinementCtx<string>): void {
  const match = HIDDEN_CONTROL.exec(text);
  if (!match) return;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  ctx.addIssue({
    code: 'custom',
    message: `expected printable text; found the invisible control character U+${code} at character ${match.index + 1} (usually pasted by accident: delete it)`,
  });
}

/** A single line of plain text, such as a name or a title. */
export const plainText = z
  .string({ error: (issue) => (issue.input === undefined ? 'required: expected text' : 'expected text') })
  .trim()
  .min(1, 'expected text, found an empty value')
  .superRefine(noHiddenControls);

/** Rich text written in Markdown; raw HTML in it is shown as text. */
export const markdownText = z
  .string({ error: (issue) => (issue.input === undefined ? 'required: expected text (Markdown)' : 'expected text (Markdown)') })
  .trim()
  .min(1, 'expected text (Markdown), found an empty value')
  .superRefine(noHiddenControls);

/** The house style a file is made in: a style's name, or its folder relative to the file (see papers styles). */
export const styleName = plainText.regex(/^[^\n]+$/, 'expected a style name, such as "cheltenham", or a style folder');

export const isoDate = z.iso.date({ error: 'expected a date written as YYYY-MM-DD, for example 2012-06-25' });

export const phoneNumber = z
  .string({ error: 'expected a phone number as text, for example "01242 264126"' })
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{5,}$/, 'expected a phone number of digits and spaces, for example "01242 264126"');

/** An officer who can be contacted about a report or one of its implications. */
export const contactSchema = z.strictObject(
  {
    name: plainText,
    role: plainText.optional(),
    email: z.email({ error: 'expected an email address' }),
    phone: phoneNumber.optional(),
  },
  { error: (issue) => (issue.input === undefined ? 'required: expected a contact (name, email, phone)' : 'expected a contact (name, email, phone)') },
);
export type Contact = z.infer<typeof contactSchema>;

/** Schedule 12A, Part 1 (England): the exempt-information paragraphs 1 to 7. */
export const exemptParagraph = z
  .number({ error: 'expected a paragraph number of Schedule 12A, from 1 to 7' })
  .int('expected a whole paragraph number, from 1 to 7')
  .min(1, 'expected a paragraph number of Schedule 12A, from 1 to 7')
  .max(7, 'expected a paragraph number of Schedule 12A, from 1 to 7');

export const exemptParagraphs = z.array(exemptParagraph, { error: 'expected a list of Schedule 12A paragraph numbers, for example [3]' }).min(1, 'expected at least one Schedule 12A paragraph number');

export function listOf<T extends z.ZodType>(item: T, what: string) {
  return z.array(item, { error: (issue) => (issue.input === undefined ? `required: expected a list of ${what}` : `expected a list of ${what}`) });
}
