import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:)/i;

interface MarkdownEnv {
  /** The level of the heading a paper is placed under: its own headings go below it. */
  headingOffset?: number;
  /** Images checked and embedded beforehand; any other image is shown as its alt text. */
  images?: ReadonlyMap<string, string>;
}

/**
 * Authors' rich text. Raw HTML is off, so anything that looks like a tag is shown as text;
 * links survive only for http, https and mailto.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
// Images are embedded as data: URIs, checked when the input was loaded; nothing is fetched.
const defaultImage = markdown.renderer.rules.image;
markdown.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index];
  const src = String(token?.attrGet('src') ?? '');
  const embedded = (env as MarkdownEnv | undefined)?.images?.get(src);
  if (!token || !embedded || !defaultImage) return markdown.utils.escapeHtml(`[${token?.content ?? ''}]`);
  token.attrSet('src', embedded);
  return defaultImage(tokens, index, options, env, self);
};
// validateLink decides which links and images are parsed at all: http(s), mailto, and relative
// paths (images in the input's folder). A relative *link* is then turned back into its text.
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim()) || isRelativePath(url);
markdown.core.ruler.push('links_only_to_the_web', (state) => {
  for (const block of state.tokens) {
    let unsafeDepth = 0;
    for (const token of block.children ?? []) {
      if (token.type === 'link_open' && !SAFE_LINK.test(String(token.attrGet('href') ?? ''))) {
        unsafeDepth += 1;
        Object.assign(token, { type: 'text', tag: '', content: '', attrs: null, nesting: 0 });
      } else if (token.type === 'link_close' && unsafeDepth > 0) {
        unsafeDepth -= 1;
        Object.assign(token, { type: 'text', tag: '', content: '', nesting: 0 });
      }
    }
  }
});

// A table an author writes sits in a box that scrolls sideways on a narrow screen (WCAG 1.4.10
// lets data tables keep their two-dimensional layout), reachable by keyboard.
markdown.renderer.rules.table_open = (tokens, index, options, _env, self) => `<div class="table-scroll" tabindex="0">${self.renderToken(tokens, index, options)}`;
markdown.renderer.rules.table_close = (tokens, index, options, _env, self) => `${self.renderToken(tokens, index, options)}</div>`;

function isRelativePath(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url.trim()) && !url.trim().startsWith('//');
}
// A paper's headings go below the heading it is placed under, with no level skipped: the levels
// it uses, whatever they are (minutes often start at ##), become offset+1, offset+2 … in order.
markdown.core.ruler.push('heading_offset', (state) => {
  const offset = (state.env as MarkdownEnv).headingOffset ?? 0;
  if (offset === 0) return;
  const levels = [...new Set(state.tokens.filter((token) => token.type === 'heading_open').map((token) => Number(token.tag.slice(1))))].sort((a, b) => a - b);
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      token.tag = `h${Math.min(6, offset + 1 + levels.indexOf(Number(token.tag.slice(1))))}`;
    }
  }
});

export function renderMarkdown(text: string, headingOffset = 0, images?: ReadonlyMap<string, string>): string {
  const env: MarkdownEnv = { headingOffset, ...(images ? { images } : {}) };
  return markdown.render(text, env as Parameters<typeof markdown.render>[1]);
}

/** For one-line fields where a paragraph wrapper would be wrong (list items, cells). */
export function renderMarkdownInline(text: string, images?: ReadonlyMap<string, string>): string {
  const env: MarkdownEnv = images ? { images } : {};
  return markdown.renderInline(text, env as Parameters<typeof markdown.renderInline>[1]);
}
