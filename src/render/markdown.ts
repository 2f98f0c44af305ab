import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:)/i;

interface MarkdownEnv {
  /** Added to every heading level, so `#` in an appendix sits below the appendix's own heading. */
  headingOffset?: number;
}

/**
 * Authors' rich text. Raw HTML is off, so anything that looks like a tag is shown as text;
 * links survive only for http, https and mailto.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim());
// Images would make the renderer fetch; the papers carry none until embedding is supported.
markdown.disable('image');
markdown.core.ruler.push('heading_offset', (state) => {
  const offset = (state.env as MarkdownEnv).headingOffset ?? 0;
  if (offset === 0) return;
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + offset)}`;
    }
  }
});

export function renderMarkdown(text: string, headingOffset = 0): string {
  const env: MarkdownEnv = { headingOffset };
  return markdown.render(text, env as Parameters<typeof markdown.render>[1]);
}

/** For one-line fields where a paragraph wrapper would be wrong (list items, cells). */
export function renderMarkdownInline(text: string): string {
  return markdown.renderInline(text);
}
