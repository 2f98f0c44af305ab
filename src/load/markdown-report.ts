import MarkdownIt from 'markdown-it';
import type { Problem } from '../errors.js';
import type { ParseResult, PathSegment, SourceDocument } from './source-document.js';

/** Only the structure is read here (where blocks start and end); the text is kept as the author wrote it. */
const blocks = new MarkdownIt({ html: false });

/**
 * A report written as Markdown, the form authors find natural for prose: the cover fields in
 * front matter (YAML between `---` lines), then the body, where each `## heading` is a numbered
 * section and each paragraph a numbered paragraph (numbered by the tool). A list, quotation,
 * table or code block belongs to the paragraph above it. Every field keeps its place in the
 * `.md`, so problems are located by line as in a YAML report.
 */
export function parseMarkdownReport(file: string, text: string, parseYaml: (file: string, text: string) => ParseResult): ParseResult {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  if (lines[0]?.trim() !== '---') return fail(file, 1, 'expected the cover fields first, in front matter between two --- lines (council, meeting, title …), then the sections as ## headings');
  const end = lines.findIndex((line, index) => index > 0 && (line.trim() === '---' || line.trim() === '...'));
  if (end < 0) return fail(file, 1, 'the front matter that starts here has no closing --- line');
  const front = parseYaml(file, lines.slice(1, end).join('\n'));
  // Front matter lines are counted from the file's top: its first line is the file's second.
  if (!front.ok) return { ok: false, problems: front.problems.map((problem) => (problem.line === undefined ? problem : { ...problem, line: problem.line + 1 })) };
  const problems: Problem[] = [];
  const at = (line: number, message: string, path?: string) => problems.push({ file, line, column: 1, ...(path ? { path } : {}), message });
  const data = front.source.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return fail(file, 2, 'expected the front matter to be the cover fields (council, meeting, title …)');
  if ('sections' in data) at(front.source.locate(['sections']).line + 1, 'in a Markdown report the sections are the body, each a ## heading; remove sections from the front matter', 'sections');

  const bodyStart = end + 1;
  const body = lines.slice(bodyStart);
  const sections: Array<{ heading: string; paragraphs: string[] }> = [];
  /** The line (1-based, in the file) of each section's heading and each paragraph's start. */
  const places = new Map<string, number>();
  const tokens = blocks.parse(body.join('\n'), {});
  const textOf = (map: [number, number]) => body.slice(map[0], map[1]).join('\n').trim();
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token?.level !== 0 || token.nesting === -1 || !token.map) continue;
    const line = bodyStart + token.map[0] + 1;
    const block = textOf(token.map as [number, number]);
    const section = sections.at(-1);
    if (token.type === 'heading_open') {
      if (token.tag === 'h2') {
        sections.push({ heading: tokens[index + 1]?.content.trim() ?? '', paragraphs: [] });
        places.set(`${sections.length - 1}`, line);
      } else {
        at(
          line,
          token.tag === 'h1'
            ? 'the title is the front matter’s title: a section is a ## heading'
            : `a ${'#'.repeat(Number(token.tag.slice(1)))} heading: the format numbers only sections (##) and their paragraphs; write it as a ## section, or as bold text in a paragraph`,
        );
      }
    } else if (!section) {
      at(line, 'text before the first section: start the body with a ## heading');
    } else if (token.type === 'paragraph_open' || section.paragraphs.length === 0) {
      section.paragraphs.push(block);
      places.set(`${sections.length - 1}.${section.paragraphs.length - 1}`, line);
    } else {
      // A list, quotation, table or code block goes with the paragraph above it.
      section.paragraphs[section.paragraphs.length - 1] += `\n\n${block}`;
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const locate = (path: readonly PathSegment[]) => {
    if (path[0] === 'sections') {
      const sectionIndex = typeof path[1] === 'number' ? path[1] : undefined;
      const paragraph = path[2] === 'paragraphs' && typeof path[3] === 'number' ? path[3] : undefined;
      const line =
        (sectionIndex === undefined ? undefined : places.get(paragraph === undefined ? `${sectionIndex}` : `${sectionIndex}.${paragraph}`)) ?? (sectionIndex === undefined ? undefined : places.get(`${sectionIndex}`)) ?? bodyStart + 1;
      return { line, column: 1 };
    }
    const inFront = front.source.locate(path);
    return { line: inFront.line + 1, column: inFront.column };
  };
  const source: SourceDocument = { file, data: { ...data, sections }, locate };
  return { ok: true, source };
}

function fail(file: string, line: number, message: string): ParseResult {
  return { ok: false, problems: [{ file, line, column: 1, message }] };
}
