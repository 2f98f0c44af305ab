import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:)/i;

/**
 * Authors' rich text. Raw HTML is off, so anything that looks like a tag is shown as text;
 * links survive only for http, https and mailto.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim());
// Images would make the renderer fetch; the papers carry none until embedding is supported.
markdown.disable('image');

export function renderMarkdown(text: string): string {
  return markdown.render(text);
}

/** For one-line fields where a paragraph wrapper would be wrong (list items, cells). */
export function renderMarkdownInline(text: string): string {
  return markdown.renderInline(text);
}
