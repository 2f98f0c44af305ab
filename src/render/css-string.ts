/**
 * A CSS string literal that cannot end the string, the rule or the <style> element,
 * whatever the text: every character outside [A-Za-z0-9 ] becomes a hex escape.
 */
export function cssString(text: string): string {
  let out = '"';
  for (const char of text) {
    out += /[A-Za-z0-9 ]/.test(char) ? char : `\\${(char.codePointAt(0) ?? 0).toString(16)} `;
  }
  return `${out}"`;
}

/**
 * Turns a label such as "Page {page} of {pages}" into a CSS content value with page counters.
 */
export function cssCounterContent(label: string, pagePrefix = ''): string {
  const page = pagePrefix ? `${cssString(pagePrefix)} counter(page)` : 'counter(page)';
  return label
    .split(/(\{pages?\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{page}' ? page : part === '{pages}' ? 'counter(pages)' : cssString(part)))
    .join(' ');
}
