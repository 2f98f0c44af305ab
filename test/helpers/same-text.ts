import { renderMarkdown } from '../../src/render/markdown.js';

/**
 * Report data with every string replaced by its Markdown rendered and whitespace collapsed:
 * two reports are the same text when these are equal (line wrapping in YAML aside).
 */
export function renderedText(value: unknown): unknown {
  if (typeof value === 'string') return renderMarkdown(value).replace(/\s+/g, ' ').trim();
  if (Array.isArray(value)) return value.map(renderedText);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, renderedText(inner)]));
  return value;
}
