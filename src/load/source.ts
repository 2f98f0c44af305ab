import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document, type Node as YamlNode } from 'yaml';
import type { Problem } from '../errors.js';
import { explainYamlError } from './yaml-messages.js';
import { readConfined } from './read-confined.js';
import { parseMarkdownReport } from './markdown-report.js';
import type { ParseResult, PathSegment } from './source-document.js';

/** Inputs larger than this are refused before parsing: no real report comes near it. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

/**
 * Reads and parses a YAML or JSON file (JSON is read by the YAML parser, which keeps positions).
 * A file that another input names must lie inside `root`, the data folder.
 */
export async function loadSource(file: string, root?: string): Promise<ParseResult> {
  const read = await readConfined(file, { root, maxBytes: MAX_INPUT_BYTES });
  if (!read.ok) return fail(file, read.message);
  const text = decodeUtf8(read.bytes);
  if (text === undefined) return fail(file, 'expected UTF-8 text; the file is not valid UTF-8');
  return parseSource(file, text);
}

export function parseSource(file: string, text: string): ParseResult {
  if (text.includes('\u0000')) return fail(file, 'expected a text file; found binary data');
  // A report written as Markdown: front matter for the cover, ## headings for the sections.
  if (/\.(md|markdown)$/i.test(file)) return parseMarkdownReport(file, text, parseYamlSource);
  return parseYamlSource(file, text);
}

function parseYamlSource(file: string, text: string): ParseResult {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    return fail(file, `cannot read the document: ${yamlMessage(error instanceof Error ? error.message : String(error))}`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: Problem[] = [];
  const seen = new Set<number>();
  for (const error of doc.errors) {
    const at = lineCounter.linePos(error.pos[0]);
    // One slip often makes two errors at one place; the first says what to do.
    if (seen.has(at.line)) continue;
    seen.add(at.line);
    const explained = explainYamlError(error.code, yamlMessage(error.message), lines[at.line - 1] ?? '', lines[at.line] ?? '');
    const line = explained.onNextLine ? at.line + 1 : at.line;
    const column = explained.onNextLine ? (lines[at.line]?.search(/\S/) ?? 0) + 1 : at.col;
    problems.push({ file, line, column, message: explained.message });
  }
  if (problems.length > 0) return { ok: false, problems };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return fail(file, `cannot read the document: ${yamlMessage(error instanceof Error ? error.message : String(error))}`);
  }
  return { ok: true, source: { file, data, locate: (path) => locateIn(doc, lineCounter, path) } };
}

/**
 * Where a field path sits: a mapping field at its key (as an editor shows it), a list item
 * at the item; a missing field at the nearest parent that exists.
 */
function locateIn(doc: Document, lineCounter: LineCounter, path: readonly PathSegment[]): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const offset = depth === 0 ? rangeStart(doc.contents) : offsetOf(doc, path.slice(0, depth));
    if (offset !== undefined) {
      const at = lineCounter.linePos(offset);
      return { line: at.line, column: at.col };
    }
  }
  return { line: 1, column: 1 };
}

function offsetOf(doc: Document, path: readonly PathSegment[]): number | undefined {
  const last = path[path.length - 1];
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (typeof last === 'string' && isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === last);
    return pair ? rangeStart(pair.key) : undefined;
  }
  return rangeStart(doc.getIn(path, true));
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) ? (node as YamlNode).range?.[0] : undefined;
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function yamlMessage(message: string): string {
  if (/Maximum call stack size exceeded/.test(message)) return 'the document is nested too deeply to be a report or a meeting';
  if (/Excessive alias count/.test(message)) return 'too many aliases (*name) expand in this document; expected plain data';
  // The yaml package appends "at line L, column C" and a code excerpt; the location is already ours.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

function fail(file: string, message: string): ParseResult {
  return { ok: false, problems: [{ file, message }] };
}
