import { z } from 'zod';
import { reportSchema } from './report.js';
import { meetingSchema } from './meeting.js';
import { MEETING_DESCRIPTIONS, REPORT_DESCRIPTIONS } from './descriptions.js';

export type DocumentKind = 'report' | 'meeting';

type JsonSchema = { [key: string]: unknown };

const KINDS = {
  report: { schema: reportSchema, descriptions: REPORT_DESCRIPTIONS, title: 'Committee report (committee-papers)' },
  meeting: { schema: meetingSchema, descriptions: MEETING_DESCRIPTIONS, title: 'Committee meeting and its agenda (committee-papers)' },
} as const;

/**
 * The JSON Schema of a report or meeting file, generated from the same zod schema that checks
 * it, with a description for every field: editors with the YAML language server complete the
 * fields, show what each holds and flag mistakes as the author types.
 */
export function jsonSchemaFor(kind: DocumentKind): JsonSchema {
  const { schema, descriptions, title } = KINDS[kind];
  // The input's shape (fields with defaults are optional); checks JSON Schema cannot say (such as
  // invisible control characters) are left to papers check.
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  describe(generated, '', descriptions);
  return { ...generated, title };
}

/** Every field path of a schema without a description (a new field must say what it holds). */
export function undescribedFields(kind: DocumentKind): string[] {
  const missing: string[] = [];
  describe(z.toJSONSchema(KINDS[kind].schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, '', KINDS[kind].descriptions, missing);
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
