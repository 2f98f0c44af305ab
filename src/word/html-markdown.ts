import { NodeType, type HTMLElement, type Node } from 'node-html-parser';

/**
 * Markdown of the HTML mammoth makes of a Word document: paragraphs, bold and italic, links,
 * line breaks (soft returns), lists, quotations, tables and pictures; the Markdown the report
 * format takes, so the text can go straight into a report's fields.
 */
export function blocksToMarkdown(nodes: readonly Node[]): string {
  return nodes
    .map((node) => blockToMarkdown(node))
    .filter((text) => text.trim() !== '')
    .join('\n\n');
}

export function blockToMarkdown(node: Node, depth = 0): string {
  if (!isElement(node)) return escapeText(node.text).trim();
  switch (node.rawTagName.toLowerCase()) {
    case 'ul':
    case 'ol':
      return listToMarkdown(node, depth);
    case 'blockquote':
      return blocksToMarkdown(node.childNodes)
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n');
    case 'table':
      return tableToMarkdown(node);
    default:
      return inlineMarkdown(node.childNodes).trim();
  }
}

function listToMarkdown(list: HTMLElement, depth: number): string {
  const ordered = list.rawTagName.toLowerCase() === 'ol';
  const indent = '   '.repeat(depth);
  return elementChildren(list)
    .filter((item) => item.rawTagName.toLowerCase() === 'li')
    .map((item, index) => {
      const marker = ordered ? `${index + 1}.` : '-';
      const inline = item.childNodes.filter((child) => !isElement(child) || !['ul', 'ol'].includes(child.rawTagName.toLowerCase()));
      const nested = elementChildren(item).filter((child) => ['ul', 'ol'].includes(child.rawTagName.toLowerCase()));
      return [`${indent}${marker} ${inlineMarkdown(inline).trim()}`, ...nested.map((child) => listToMarkdown(child, depth + 1))].join('\n');
    })
    .join('\n');
}

/** A table as a Markdown pipe table: its header row (or first row) as the header. */
function tableToMarkdown(table: HTMLElement): string {
  const rows = table.querySelectorAll('tr').map((row) => elementChildren(row).map((cell) => inlineMarkdown(cell.childNodes).trim().replace(/\|/g, '\\|').replace(/\n+/g, ' ')));
  const [firstRow, ...body] = rows;
  if (!firstRow) return '';
  // A header cell is bold in Word by convention; in Markdown the header row is bold already.
  const header = firstRow.map((cell) => cell.replace(/^\*\*([^*]+)\*\*$/, '$1'));
  const width = Math.max(...rows.map((row) => row.length));
  const pad = (row: string[]) => [...row, ...Array.from({ length: width - row.length }, () => '')];
  return [pad(header), Array.from({ length: width }, () => '---'), ...body.map(pad)].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** Inline Markdown of a paragraph's content; a nested paragraph (in a cell or list item) is joined by a blank line. */
export function inlineMarkdown(nodes: readonly Node[]): string {
  let out = '';
  for (const node of nodes) {
    if (!isElement(node)) {
      out += escapeText(node.text.replace(/\s+/g, ' '));
      continue;
    }
    const inner = () => inlineMarkdown(node.childNodes);
    switch (node.rawTagName.toLowerCase()) {
      case 'strong':
      case 'b':
        out += wrap(inner(), '**');
        break;
      case 'em':
      case 'i':
        out += wrap(inner(), '*');
        break;
      case 's':
      case 'del':
        out += wrap(inner(), '~~');
        break;
      case 'br':
        out += '\\\n';
        break;
      case 'a': {
        const href = node.getAttribute('href');
        // Word's bookmarks and internal links have no meaning in a report: their text stays.
        out += href && /^(https?:|mailto:)/i.test(href) ? `[${inner()}](${href})` : inner();
        break;
      }
      case 'img':
        out += `![${escapeText(node.getAttribute('alt') ?? '')}](${node.getAttribute('src') ?? ''})`;
        break;
      case 'p':
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        out += `${out.trim() ? '\n\n' : ''}${inner().trim()}`;
        break;
      case 'ul':
      case 'ol':
      case 'table':
      case 'blockquote':
        out += `${out.trim() ? '\n\n' : ''}${blockToMarkdown(node)}`;
        break;
      default:
        out += inner();
    }
  }
  return out;
}

/** Emphasis around the words, the spaces outside it (Markdown ignores `** bold**`). */
function wrap(text: string, marker: string): string {
  const match = text.match(/^(\s*)([\s\S]*?)(\s*)$/);
  if (!match?.[2]) return text;
  return `${match[1]}${marker}${match[2]}${marker}${match[3]}`;
}

/** Word's text as Markdown text: characters Markdown would read as markup are escaped. */
export function escapeText(text: string): string {
  return text
    .replace(/\u00a0/g, ' ')
    .replace(/([\\`*_[\]])/g, '\\$1')
    .replace(/^(\s*)(\d+)([.)])(\s)/, '$1$2\\$3$4')
    .replace(/^(\s*)([#>+-])(\s)/, '$1\\$2$3');
}

function isElement(node: Node): node is HTMLElement {
  return node.nodeType === NodeType.ELEMENT_NODE;
}

export function elementChildren(node: HTMLElement): HTMLElement[] {
  return node.childNodes.filter(isElement);
}

export { isElement };
