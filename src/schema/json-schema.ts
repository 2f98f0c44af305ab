import { z } from 'zod';
import { reportSchemaFor, STYLE_FIELDS, type ReportShape } from './report.js';
import type { CoverField } from './cover.js';
import { meetingSchema } from './meeting.js';
import { MEETING_DESCRIPTIONS, REPORT_DESCRIPTIONS } from './descriptions.js';

export type DocumentKind = 'report' | 'meeting';

type JsonSchema = { [key: string]: unknown };

/** The shipped style's report shape: the common fields asked for, no cover fields of its own. */
export const DEFAULT_REPORT_SHAPE: ReportShape = { requiredFields: [...STYLE_FIELDS], cover: [] };

function kindOf(kind: DocumentKind, shape: ReportShape) {
  return kind === 'report'
    ? { schema: reportSchemaFor(shape), descriptions: { ...REPORT_DESCRIPTIONS, ...coverDescriptions(shape.cover) }, title: 'Committee report (committee-papers)' }
    : { schema: meetingSchema, descriptions: MEETING_DESCRIPTIONS, title: 'Committee meeting and its agenda (committee-papers)' };
}

/** What a style's own cover fields hold, from its declaration. */
function coverDescriptions(fields: readonly CoverField[]): Record<string, string> {
  const descriptions: Record<string, string> = { cover: "This style's own cover fields." };
  const person = (at: string) => ({ [`${at}.name`]: 'Their name.', [`${at}.role`]: 'Their role (optional).', [`${at}.email`]: 'Their email address (optional).', [`${at}.phone`]: 'Their phone number (optional).' });
  for (const field of fields) {
    const at = `cover.${field.name}`;
    Object.assign(descriptions, { [at]: `${field.description ?? field.label}${field.required ? '' : ' (optional)'}.` });
    if (field.kind === 'person') Object.assign(descriptions, person(at));
    if (field.kind === 'people') Object.assign(descriptions, { [`${at}[]`]: 'One person.' }, person(`${at}[]`));
    if (field.kind === 'yes-no-reason') Object.assign(descriptions, { [`${at}.answer`]: 'true or false.', [`${at}.reason`]: 'Why (Markdown, optional).' });
  }
  return descriptions;
}

/**
 * The JSON Schema of a report or meeting file, generated from the same zod schema that checks
 * it, with a description for every field: editors with the YAML language server complete the
 * fields, show what each holds and flag mistakes as the author types.
 */
export function jsonSchemaFor(kind: DocumentKind, shape: ReportShape = DEFAULT_REPORT_SHAPE): JsonSchema {
  const { schema, descriptions, title } = kindOf(kind, shape);
  // The input's shape (fields with defaults are optional); checks JSON Schema cannot say (such as
  // invisible control characters) are left to papers check.
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  describe(generated, '', descriptions);
  return { ...generated, title };
}

/** Every field path of a schema without a description (a new field must say what it holds). */
export function undescribedFields(kind: DocumentKind, shape: ReportShape = DEFAULT_REPORT_SHAPE): string[] {
  const missing: string[] = [];
  const { schema, descriptions } = kindOf(kind, shape);
  describe(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, '', descriptions, missing);
  return [...new Set(missing)];
}

function describe(node: JsonSchema, path: string, descriptions: Record<string, string>, missing?: string[]): void {
  const properties = node.properties as Record<string, JsonSchema> | undefined;
  for (const [key, value] of Object.entries(properties ?? {})) {
    const at = path ? `${path}.${key}` : key;
    const text = descriptions[at];
    if (text) value.description = text;
    else missing?.push(at);
    describe(value, at, descriptions, missing);
  }
  const items = node.items as JsonSchema | undefined;
  if (items && typeof items === 'object') {
    const at = `${path}[]`;
    const text = descriptions[at];
    if (text) items.description ??= text;
    else if (path) missing?.push(at);
    describe(items, at, descriptions, missing);
  }
  for (const branch of [...((node.oneOf as JsonSchema[] | undefined) ?? []), ...((node.anyOf as JsonSchema[] | undefined) ?? [])]) describe(branch, path, descriptions, missing);
}
