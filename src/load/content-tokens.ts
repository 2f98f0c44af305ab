/**
 * The operators of a PDF content stream, read by a small lexer that visits each with where it
 * starts (its first operand, or itself when it has none) and ends: strings (with nested
 * parentheses and escapes), hex strings, dictionaries, arrays, names, numbers, comments and
 * inline images are stepped over as operands. Nothing is allocated per operator (a page's
 * content is tens of thousands of them; making an object of each cost most of the finishing
 * of a report, measured): the operators the artifact pass needs are told apart by their bytes.
 */
type OperatorVisitor = (operator: number, start: number, end: number) => void;

/** An operator's bytes (up to three) as one number: `code('BDC')`. */
function code(word: string): number {
  let value = 0;
  for (let index = word.length - 1; index >= 0; index--) value = value * 256 + word.charCodeAt(index);
  return value;
}

/** Operators of more than three letters (none the artifact pass needs), and true, false and null, which are operands. */
const LONG_WORD = -1;
const OPERAND_WORD = -2;

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

function visitOperators(bytes: Uint8Array, visit: OperatorVisitor): void {
  let at = 0;
  let operandsStart = -1;
  const length = bytes.length;
  while (at < length) {
    const byte = bytes[at] as number;
    const kind = CLASS[byte];
    if (kind === 1) {
      at++;
      continue;
    }
    if (byte === 0x25) {
      while (at < length && bytes[at] !== 0x0a && bytes[at] !== 0x0d) at++;
      continue;
    }
    if (operandsStart < 0) operandsStart = at;
    if (byte === 0x28) {
      let depth = 0;
      for (; at < length; at++) {
        const inside = bytes[at];
        if (inside === 0x5c) at++;
        else if (inside === 0x28) depth++;
        else if (inside === 0x29 && --depth === 0) {
          at++;
          break;
        }
      }
    } else if (byte === 0x3c && bytes[at + 1] === 0x3c) at += 2;
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
      // A number is an operand.
      if (kind === 3) continue;
      const size = at - begin;
      let operator: number;
      if (size <= 3) {
        operator = byte + (size > 1 ? (bytes[begin + 1] as number) * 256 : 0) + (size > 2 ? (bytes[begin + 2] as number) * 65536 : 0);
      } else {
        const word = size <= 5 ? latin1.decode(bytes.subarray(begin, at)) : '';
        operator = word === 'true' || word === 'false' || word === 'null' ? OPERAND_WORD : LONG_WORD;
      }
      if (operator === OPERAND_WORD) continue;
      if (operator === BI) {
        // An inline image: its data runs from ID to EI and may hold any bytes.
        const id = findWord(bytes, 'ID', at);
        const ei = id < 0 ? -1 : findEndOfInlineImage(bytes, id + 2);
        at = ei < 0 ? length : ei + 2;
      }
      visit(operator, operandsStart, at);
      operandsStart = -1;
    }
  }
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

const [BDC, BMC, EMC, BT, ET, BI, DO, SH, N] = ['BDC', 'BMC', 'EMC', 'BT', 'ET', 'BI', 'Do', 'sh', 'n'].map(code) as [number, number, number, number, number, number, number, number, number];
const PATH_CONSTRUCTION = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're'].map(code));
const PATH_PAINTING = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*'].map(code));

/**
 * Marks the content a page paints outside any marked-content sequence (Chromium's running
 * headers and footers, "Page 3 of 12", drawn before the tagged content) as /Artifact, so it is
 * neither untagged content nor read aloud (PDF/UA: every content item is tagged or an artifact).
 * Whole text objects, painted paths, XObjects, shadings and inline images are wrapped; a text
 * object holding tagged content is left as it is. Returns undefined when nothing needed marking.
 */
export function markUntaggedAsArtifacts(bytes: Uint8Array): Uint8Array | undefined {
  const spans: number[] = [];
  let depth = 0;
  let textStart = -1;
  let textTagged = false;
  let path = -1;
  visitOperators(bytes, (operator, start, end) => {
    if (operator === BDC || operator === BMC) {
      depth += 1;
      if (textStart >= 0) textTagged = true;
    } else if (operator === EMC) {
      depth = Math.max(0, depth - 1);
    } else if (operator === BT) {
      textStart = start;
      textTagged = depth > 0;
    } else if (operator === ET) {
      if (textStart >= 0 && !textTagged && depth === 0) spans.push(textStart, end);
      textStart = -1;
    } else if (textStart >= 0 || depth > 0) {
      // Inside a text object or tagged content: nothing to mark.
    } else if (PATH_CONSTRUCTION.has(operator)) {
      if (path < 0) path = start;
    } else if (PATH_PAINTING.has(operator)) {
      spans.push(path >= 0 ? path : start, end);
      path = -1;
    } else if (operator === N) {
      path = -1;
    } else if (operator === DO || operator === SH || operator === BI) {
      spans.push(start, end);
    }
  });
  if (spans.length === 0) return undefined;
  const open = new TextEncoder().encode('/Artifact BMC\n');
  const close = new TextEncoder().encode('\nEMC\n');
  const out = new Uint8Array(bytes.length + (spans.length / 2) * (open.length + close.length));
  let written = 0;
  let read = 0;
  for (let index = 0; index < spans.length; index += 2) {
    const start = spans[index] as number;
    const end = spans[index + 1] as number;
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

const TEXT_SHOWING = new Set(['Tj', 'TJ', "'", '"'].map(code));

/**
 * The content with every text-showing operator (Tj, TJ, ', ") and its operands blanked out,
 * everything else as it was (shapes, images, clips, text state): what the page would look like
 * without its words. Undefined when it shows no text.
 */
export function withoutTextShowing(bytes: Uint8Array): Uint8Array | undefined {
  let out: Uint8Array | undefined;
  visitOperators(bytes, (operator, start, end) => {
    if (!TEXT_SHOWING.has(operator)) return;
    out ??= bytes.slice();
    out.fill(0x20, start, end);
  });
  return out;
}
