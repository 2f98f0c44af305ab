import type { CoverField, CoverValue, Person } from '../schema/cover.js';
import type { TemplateSet } from './templates.js';
import { renderMarkdown, renderMarkdownInline } from './markdown.js';
import { formatLongDate } from './dates.js';
import type { ImageMap } from '../load/images.js';

/** One of a style's own cover fields, ready to print: its label, and its value as safe HTML. */
export interface CoverRow {
  name: string;
  label: string;
  html: string;
  /** For a person or people: each, for a template that lays them out itself (a contacts table). */
  people: Person[];
  /** Markdown values are blocks (paragraphs, lists); the rest run in a line. */
  block: boolean;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function personHtml(person: Person): string {
  const parts = [escapeHtml(person.name), ...(person.role ? [escapeHtml(person.role)] : [])];
  const reach = [...(person.phone ? [escapeHtml(person.phone)] : []), ...(person.email ? [`<a href="mailto:${escapeHtml(person.email)}">${escapeHtml(person.email)}</a>`] : [])];
  return `${parts.join(', ')}${reach.length > 0 ? ` (${reach.join(', ')})` : ''}`;
}

/** The style's cover fields a report gives, in the style's order, each rendered by its kind. */
export function buildCoverRows(fields: readonly CoverField[], cover: Readonly<Record<string, CoverValue>> | undefined, templates: TemplateSet, language: string, images?: ImageMap): CoverRow[] {
  const rows: CoverRow[] = [];
  for (const field of fields) {
    const value = cover?.[field.name];
    if (value === undefined) continue;
    const row = (html: string, people: Person[] = [], block = false) => rows.push({ name: field.name, label: field.label, html, people, block });
    if (field.kind === 'markdown' && typeof value === 'string') row(renderMarkdown(value, 0, images), [], true);
    else if (field.kind === 'date' && typeof value === 'string') row(escapeHtml(formatLongDate(value, language)));
    else if (typeof value === 'string') row(escapeHtml(value));
    else if (typeof value === 'boolean') row(escapeHtml(templates.label(value ? 'yes' : 'no')));
    else if (Array.isArray(value)) row(value.map(personHtml).join('<br>'), value);
    else if ('answer' in value) row(`${escapeHtml(templates.label(value.answer ? 'yes' : 'no'))}${value.reason ? ` – ${renderMarkdownInline(value.reason, images)}` : ''}`);
    else row(personHtml(value), [value]);
  }
  return rows;
}
