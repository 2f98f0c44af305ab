import MarkdownIt from 'markdown-it';
import { ExternalHyperlink, HeadingLevel, ImageRun, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type IParagraphOptions, type ParagraphChild } from 'docx';
import { imageForWord } from './word-images.js';

/** What a block of Markdown becomes in a Word document. */
export type WordBlock = Paragraph | Table;

/** The Word numbering definitions the converted lists use (see wordNumbering). */
export const LIST_NUMBERING = { bullets: 'markdown-bullets', numbers: 'markdown-numbers', cellBullets: 'cell-bullets', cellNumbers: 'cell-numbers', cellLetters: 'cell-letters' } as const;

export interface WordMarkdownOptions {
  /** Images checked and embedded when the report was loaded (source as written → data: URI). */
  images?: ReadonlyMap<string, string> | undefined;
  /** Left indent of every block, in twentieths of a point (numbered paragraphs hang their text here). */
  indent?: number;
  /** Put before the first paragraph's text, followed by a tab: a numbered paragraph's number. */
  number?: string;
  /** Numbers each ordered list's own restart (Word needs a new instance for each). */
  lists: { next: number };
  /** In a table cell: lists start at the cell's edge rather than under a numbered paragraph's text. */
  inCell?: boolean;
}

/** The same parser settings as the HTML: raw HTML off, so a tag is text; links only to the web. */
const parser = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
type Token = ReturnType<typeof parser.parse>[number];
const SAFE_LINK = /^(https?:|mailto:)/i;

/** Converts an author's Markdown to Word paragraphs and tables: the same text as the HTML, in Word's own structures (list numbering, table header rows, the Quote style). */
export function markdownToWord(markdown: string, options: WordMarkdownOptions): WordBlock[] {
  const tokens = parser.parse(markdown, {});
  const blocks: WordBlock[] = [];
  let numberPending = options.number;
  const indent = options.indent ?? 0;
  /** Open lists, innermost last: their kind and Word numbering instance. */
  const lists: Array<{ ordered: boolean; instance: number }> = [];
  let quoteDepth = 0;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({ ordered: token.type === 'ordered_list_open', instance: options.lists.next++ });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'blockquote_open':
        quoteDepth += 1;
        break;
      case 'blockquote_close':
        quoteDepth -= 1;
        break;
      case 'heading_open':
      case 'paragraph_open': {
        const inline = tokens[index + 1];
        const runs = inline?.type === 'inline' ? inlineRuns(inline.children ?? [], options) : [];
        const list = lists.at(-1);
        const paragraph: IParagraphOptions = {
          children: numberPending ? [new TextRun(numberPending), new TextRun({ children: ['\t'] }), ...runs] : runs,
          ...(token.type === 'heading_open' ? { heading: HeadingLevel.HEADING_3 } : {}),
          ...(quoteDepth > 0 ? { style: 'Quote' } : {}),
          ...(list
            ? {
                numbering: {
                  reference: options.inCell ? (list.ordered ? LIST_NUMBERING.cellNumbers : LIST_NUMBERING.cellBullets) : list.ordered ? LIST_NUMBERING.numbers : LIST_NUMBERING.bullets,
                  level: Math.min(lists.length - 1, 2),
                  instance: list.instance,
                },
              }
            : {}),
          ...(numberPending ? { indent: { left: indent, hanging: indent }, tabStops: [{ type: 'left', position: indent }] } : list ? {} : indent > 0 ? { indent: { left: indent } } : {}),
        };
        blocks.push(new Paragraph(paragraph));
        numberPending = undefined;
        index += 2;
        break;
      }
      case 'table_open': {
        const end = tokens.findIndex((candidate, at) => at > index && candidate.type === 'table_close');
        blocks.push(tableOf(tokens.slice(index, end), options));
        index = end;
        break;
      }
      case 'fence':
      case 'code_block':
        for (const line of token.content.replace(/\n$/, '').split('\n')) blocks.push(new Paragraph({ children: [new TextRun({ text: line, font: 'Courier New' })], indent: { left: indent } }));
        break;
      default:
        break;
    }
  }
  // A numbered paragraph whose text is only a table or code still shows its number.
  if (numberPending) blocks.unshift(new Paragraph({ children: [new TextRun(numberPending)] }));
  return blocks;
}

function tableOf(tokens: Token[], options: WordMarkdownOptions): Table {
  const rows: TableRow[] = [];
  let cells: TableCell[] = [];
  let header = false;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (token.type === 'thead_open') header = true;
    else if (token.type === 'thead_close') header = false;
    else if (token.type === 'tr_open') cells = [];
    else if (token.type === 'tr_close') rows.push(new TableRow({ tableHeader: header, children: cells }));
    else if (token.type === 'th_open' || token.type === 'td_open') {
      const inline = tokens[index + 1];
      const runs = inline?.type === 'inline' ? inlineRuns(inline.children ?? [], options, token.type === 'th_open') : [];
      cells.push(new TableCell({ children: [new Paragraph({ children: runs })] }));
    }
  }
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

/** Runs of a paragraph's inline Markdown: emphasis, links (web and mail only), code, images, line breaks. */
function inlineRuns(children: readonly Token[], options: WordMarkdownOptions, bold = false): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  let strong = bold ? 1 : 0;
  let emphasis = 0;
  let strike = 0;
  let link: { href: string; runs: TextRun[] } | undefined;
  const push = (run: TextRun) => (link ? link.runs.push(run) : runs.push(run));
  const style = () => ({ bold: strong > 0, italics: emphasis > 0, strike: strike > 0, ...(link ? { style: 'Hyperlink' } : {}) });
  for (const token of children) {
    switch (token.type) {
      case 'text':
        push(new TextRun({ text: token.content, ...style() }));
        break;
      case 'code_inline':
        push(new TextRun({ text: token.content, font: 'Courier New', ...style() }));
        break;
      case 'softbreak':
        push(new TextRun({ text: ' ', ...style() }));
        break;
      case 'hardbreak':
        push(new TextRun({ break: 1 }));
        break;
      case 'strong_open':
        strong += 1;
        break;
      case 'strong_close':
        strong -= 1;
        break;
      case 'em_open':
        emphasis += 1;
        break;
      case 'em_close':
        emphasis -= 1;
        break;
      case 's_open':
        strike += 1;
        break;
      case 's_close':
        strike -= 1;
        break;
      case 'link_open': {
        const href = String(token.attrGet('href') ?? '');
        // As in the HTML: only web and mail links are links; anything else stays its text.
        if (SAFE_LINK.test(href)) link = { href, runs: [] };
        break;
      }
      case 'link_close':
        if (link) runs.push(new ExternalHyperlink({ link: link.href, children: link.runs }));
        link = undefined;
        break;
      case 'image': {
        const src = String(token.attrGet('src') ?? '');
        const image = imageForWord(options.images?.get(src));
        const alt = token.content;
        if (image) runs.push(new ImageRun({ type: image.type, data: image.data, transformation: image.size, altText: { name: alt.slice(0, 60) || 'image', title: alt, description: alt } }));
        else push(new TextRun({ text: `[${alt}]`, ...style() }));
        break;
      }
      default:
        break;
    }
  }
  return runs;
}
