/**
 * The YAML parser's errors in words an author can act on: what is wrong and what to do, for
 * the slips people make (a colon inside a value, a line indented differently from its
 * neighbours, a tab, an unclosed quote); anything else keeps the parser's own words.
 */
export function explainYamlError(code: string | undefined, message: string, line: string, nextLine = ''): { message: string; onNextLine?: boolean } {
  const explained = explain(code, message, line);
  // The parser stops at the line above the one indented too far: the author's slip is the next line.
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && !isColonInValue(line) && indentOf(nextLine) > indentOf(line)) return { message: explained, onNextLine: true };
  return { message: explained };
}

function indentOf(line: string): number {
  return line.trim() === '' ? -1 : (line.match(/^\s*/)?.[0].length ?? 0);
}

function isColonInValue(line: string): boolean {
  return /^\s*(?:-\s+)?[^\s:#][^:#]*?:\s+\S.*:\s/.test(line);
}

function explain(code: string | undefined, message: string, line: string): string {
  const plain = message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
  const field = line.match(/^\s*(?:-\s+)?([^\s:#][^:#]*?):\s/)?.[1];
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      // A value holding ": " reads as a second field on the same line; otherwise the line is indented as if it were inside the one above.
      if (field && isColonInValue(line))
        return `the value of "${field}" contains a colon followed by a space, which YAML reads as another field; put the whole value in quotes: ${field}: "${line
          .slice(line.indexOf(':') + 1)
          .trim()
          .replace(/"/g, '\\"')}"`;
      return 'this line is indented more than the line above it, so YAML reads it as part of that line; indent it like the other fields at its level (with spaces)';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'this line is not a "field: value" line and not indented under one; add the missing colon, indent a continued value under its field, or put a long value in quotes';
    case 'BAD_INDENT':
      return 'this line is indented differently from the lines above it at the same level; indent it like them (with spaces), or start a list item with "- "';
    case 'TAB_AS_INDENT':
      return 'this line is indented with a tab; YAML needs spaces for indentation';
    case 'DUPLICATE_KEY':
      return `this field${field ? ` ("${field}")` : ''} is given twice at the same level; keep one`;
    case 'BAD_SCALAR_START':
      return `${plain.toLowerCase()}; put the value in quotes`;
    case 'MISSING_CHAR':
      return /quote/i.test(plain) ? 'a quoted value is not closed; add the closing quote (a quote inside the value is written twice in single quotes, or as \\" in double quotes)' : plain;
    default:
      return plain;
  }
}
