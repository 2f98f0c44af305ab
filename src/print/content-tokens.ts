/**
 * The operators of a PDF content stream, with where each starts and ends, read by a small
 * lexer: strings (with nested parentheses and escapes), hex strings, dictionaries, arrays,
 * names, numbers, comments and inline images are stepped over as operands.
 */
export interface ContentOperator {
  name: string;
  /** Offset of its first operand (or of the operator when it has none). */
  start: number;
  /** Offset just after the operator. */
  end: number;
}

const latin1 = new TextDecoder('latin1');
/** Character classes, by byte: 1 whitespace, 2 delimiter, 3 a number's first character, 0 other. */
const CLASS = new Uint8Array(256);
for (const byte of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[byte] = 1;
for (const byte of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[byte] = 2;
for (const byte of '0123456789+-.') CLASS[byte.charCodeAt(0)] = 3;
function isWhitespace(byte: number | undefined): boolean {
  return byte !== undefined && CLASS[byte] === 1;
}

/** Whitespace or a delimiter: where a name, number or operator ends. */
function isBoundary(byte: number): boolean {
  const kind = CLASS[byte];
  return kind === 1 || kind === 2;
}

export function contentOperators(bytes: Uint8Array): ContentOperator[] {
  const operators: ContentOperator[] = [];
  let at = 0;
  let operandsStart = -1;
  const length = bytes.length;
  const skipString = () => {
    let depth = 0;
    for (; at < length; at++) {
      const byte = bytes[at];
      if (byte === 0x5c) at++;
      else if (byte === 0x28) depth++;
      else if (byte === 0x29 && --depth === 0) {
        at++;
        return;
      }
    }
  };
  while (at < length) {
    const byte = bytes[at] as number;
    if (CLASS[byte] === 1) {
      at++;
      continue;
    }
    if (byte === 0x25) {
      while (at < length && bytes[at] !== 0x0a && bytes[at] !== 0x0d) at++;
      continue;
    }
    if (operandsStart < 0) operandsStart = at;
    if (byte === 0x28) skipString();
    else if (byte === 0x3c && bytes[at + 1] === 0x3c) at += 2;
    else if (byte === 0x3e && bytes[at + 1] === 0x3e) at += 2;
    else if (byte === 0x3c) {
      while (at < length && bytes[at] !== 0x3e) at++;
      at++;
    } else if (byte === 0x5b || byte === 0x5d || byte === 0x7b || byte === 0x7d) at++;
    else if (byte === 0x2f) {
      at++;
      while (at < length && !isBoundary(bytes[at] as number)) at++;
    } else {
      const begin = at;
      while (at < length && !isBoundary(bytes[at] as number)) at++;
      if (at === begin) {
        at++;
        continue;
      }
      // A number is an operand: stepped over without making a string of it.
      if (CLASS[byte] === 3) continue;
      const size = at - begin;
      const word =
        size === 1 ? String.fromCharCode(byte)
        : size === 2 ? String.fromCharCode(byte, bytes[begin + 1] as number)
        : size === 3 ? String.fromCharCode(byte, bytes[begin + 1] as number, bytes[begin + 2] as number)
        : latin1.decode(bytes.subarray(begin, at));
      if (word === 'true' || word === 'false' || word === 'null') continue;
      if (word === 'BI') {
        // An inline image: its data runs from ID to EI and may hold any bytes.
        const id = findWord(bytes, 'ID', at);
        const ei = id < 0 ? -1 : findEndOfInlineImage(bytes, id + 2);
        at = ei < 0 ? length : ei + 2;
      }
      operators.push({ name: word, start: operandsStart, end: at });
      operandsStart = -1;
    }
  }
  return operators;
}

function findWord(bytes: Uint8Array, word: string, from: number): number {
  for (let at = from; at + word.length <= bytes.length; at++) {
    let match = true;
    for (let index = 0; index < word.length; index++) if (bytes[at + index] !== word.charCodeAt(index)) match = false;
    if (match && (at === 0 || isWhitespace(bytes[at - 1])) && (at + word.length === bytes.length || isWhitespace(bytes[at + word.length]))) return at;
  }
  return -1;
}

function findEndOfInlineImage(bytes: Uint8Array, from: number): number {
  for (let at = from; at + 2 <= bytes.length; at++) {
    if (bytes[at] === 0x45 && bytes[at + 1] === 0x49 && isWhitespace(bytes[at - 1]) && (at + 2 === bytes.length || isWhitespace(bytes[at + 2]))) return at;
  }
  return -1;
}

const PATH_CONSTRUCTION = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
const PATH_PAINTING = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);

/**
 * Marks the content a page paints outside any marked-content sequence (Chromium's running
 * headers and footers, "Page 3 of 12", drawn before the tagged content) as /Artifact, so it is
 * neither untagged content nor read aloud (PDF/UA: every content item is tagged or an artifact).
 * Whole text objects, painted paths, XObjects, shadings and inline images are wrapped; a text
 * object holding tagged content is left as it is. Returns undefined when nothing needed marking.
 */
export function markUntaggedAsArtifacts(bytes: Uint8Array): Uint8Array | undefined {
  const operators = contentOperators(bytes);
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let text: { start: number; tagged: boolean } | undefined;
  let path: number | undefined;
  for (const operator of operators) {
    const { name } = operator;
    if (name === 'BDC' || name === 'BMC') {
      depth += 1;
      if (text) text.tagged = true;
      continue;
    }
    if (name === 'EMC') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (name === 'BT') {
      text = { start: operator.start, tagged: depth > 0 };
      continue;
    }
    if (name === 'ET') {
      if (text && !text.tagged && depth === 0) spans.push([text.start, operator.end]);
      text = undefined;
      continue;
    }
    if (text || depth > 0) continue;
    if (PATH_CONSTRUCTION.has(name)) {
      path ??= operator.start;
    } else if (PATH_PAINTING.has(name)) {
      spans.push([path ?? operator.start, operator.end]);
      path = undefined;
    } else if (name === 'n') {
      path = undefined;
    } else if (name === 'Do' || name === 'sh' || name === 'BI') {
      spans.push([operator.start, operator.end]);
    }
  }
  if (spans.length === 0) return undefined;
  const open = new TextEncoder().encode('/Artifact BMC\n');
  const close = new TextEncoder().encode('\nEMC\n');
  const out = new Uint8Array(bytes.length + spans.length * (open.length + close.length));
  let written = 0;
  let read = 0;
  for (const [start, end] of spans) {
    out.set(bytes.subarray(read, start), written);
    written += start - read;
    out.set(open, written);
    written += open.length;
    out.set(bytes.subarray(start, end), written);
    written += end - start;
    out.set(close, written);
    written += close.length;
    read = end;
  }
  out.set(bytes.subarray(read), written);
  written += bytes.length - read;
  return out.subarray(0, written);
}
