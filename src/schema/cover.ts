import { z } from 'zod';
import { isoDate, markdownText, phoneNumber, plainText } from './common.js';

/**
 * What a style's own cover fields may hold: each field is declared in the style (its name, label
 * and kind), and a report in that style gives them under `cover:`. The kinds are those councils'
 * cover blocks use.
 */
export const COVER_KINDS = ['text', 'markdown', 'person', 'people', 'date', 'yes-no', 'yes-no-reason', 'choice'] as const;
export type CoverKind = (typeof COVER_KINDS)[number];

/** Someone named on a cover block ("From: Roger Gough, Leader of the Council"): contact details optional. */
export const personSchema = z.strictObject(
  {
    name: plainText,
    role: plainText.optional(),
    email: z.email({ error: 'expected an email address' }).optional(),
    phone: phoneNumber.optional(),
  },
  { error: 'expected a person: name, and optionally role, email and phone' },
);
export type Person = z.infer<typeof personSchema>;

/** A yes or no with the reason for it ("Key decision: Yes, it affects more than two electoral divisions"). */
export const yesNoReasonSchema = z.strictObject(
  {
    answer: z.boolean({ error: 'expected true or false' }),
    reason: markdownText.optional(),
  },
  { error: 'expected answer: true or false, and optionally reason' },
);

/** A declared cover field, as the style's configuration gives it. */
export const coverFieldSchema = z.strictObject({
  /** Its key under cover: in a report, such as pastPathway. */
  name: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'expected a field name in camelCase, such as pastPathway'),
  /** The label printed beside it. */
  label: z.string().min(1),
  kind: z.enum(COVER_KINDS, { error: `expected one of ${COVER_KINDS.join(', ')}` }),
  /** Whether every report must give it (default: yes). */
  required: z.boolean().default(true),
  /** For kind choice: the values allowed. */
  choices: z.array(z.string().min(1)).min(1).optional(),
  /** What it holds, in a sentence: shown by editors (papers schema) and in messages. */
  description: z.string().optional(),
});
export type CoverField = z.infer<typeof coverFieldSchema>;

/** The schema of one declared field's value. */
export function coverValueSchema(field: CoverField): z.ZodType {
  switch (field.kind) {
    case 'text':
      return plainText;
    case 'markdown':
      return markdownText;
    case 'person':
      return personSchema;
    case 'people':
      return z.array(personSchema, { error: 'expected a list of people, each with name and optionally role, email and phone' }).min(1, 'expected at least one person');
    case 'date':
      return isoDate;
    case 'yes-no':
      return z.boolean({ error: 'expected true or false' });
    case 'yes-no-reason':
      return yesNoReasonSchema;
    case 'choice': {
      const choices = field.choices ?? [];
      return z.string({ error: `expected one of: ${choices.join(', ')}` }).refine((value) => choices.includes(value), `expected one of: ${choices.join(', ')}`);
    }
  }
}

/** Any cover value, as a report holds it once its style's schema has checked it. */
export const anyCoverValue = z.union([z.string(), z.boolean(), personSchema, z.array(personSchema), yesNoReasonSchema]);
export type CoverValue = z.infer<typeof anyCoverValue>;

/** The cover: mapping of a style: exactly its declared fields, each checked by its kind. */
export function coverSchemaFor(fields: readonly CoverField[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) shape[field.name] = field.required ? coverValueSchema(field) : coverValueSchema(field).optional();
  const names = fields.map((field) => field.name).join(', ');
  return z.strictObject(shape, { error: (issue) => (issue.input === undefined ? `required: expected the cover fields of this style: ${names}` : `expected a mapping of the cover fields of this style: ${names}`) });
}
