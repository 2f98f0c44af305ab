import { execFile } from 'node:child_process';

/** Characters every report's fonts have (Latin, with its accents and punctuation): not looked up. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: a range that starts at U+0000 on purpose
const SURELY_SHOWN = /^[\u0000-\u024F\u2000-\u206F\u20A0-\u20BF\u2100-\u214F]$/u;

let coverage: Promise<Array<[number, number]> | undefined> | undefined;

/**
 * The code points the installed fonts can show, from fontconfig (what Chromium uses on Linux):
 * read once per process, and only when a text holds a character beyond Latin. Undefined where
 * fontconfig cannot be asked, and then nothing is said.
 */
function installedCoverage(): Promise<Array<[number, number]> | undefined> {
  coverage ??= new Promise((resolve) => {
    execFile('fc-list', ['--format', '%{charset}\\n'], { maxBuffer: 64 * 1024 * 1024, timeout: 10_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      const ranges = stdout
        .split(/\s+/)
        .filter(Boolean)
        .map((range): [number, number] => {
          const [low, high] = range.split('-');
          return [parseInt(low ?? '', 16), parseInt(high ?? low ?? '', 16)];
        })
        .filter(([low, high]) => Number.isFinite(low) && Number.isFinite(high))
        .sort((a, b) => a[0] - b[0]);
      resolve(ranges);
    });
  });
  return coverage;
}

/**
 * The characters of these texts that no installed font can show: Chromium would print each as
 * an empty box. Each with the first text (by index) it is in.
 */
export async function unshownCharacters(texts: readonly string[]): Promise<Array<{ character: string; textIndex: number }>> {
  const candidates = new Map<string, number>();
  texts.forEach((text, index) => {
    for (const character of text) if (!SURELY_SHOWN.test(character) && !candidates.has(character) && !/\s/u.test(character)) candidates.set(character, index);
  });
  if (candidates.size === 0) return [];
  const ranges = await installedCoverage();
  if (!ranges) return [];
  const shown = (codePoint: number) => ranges.some(([low, high]) => codePoint >= low && codePoint <= high);
  return [...candidates]
    .filter(([character]) => {
      const codePoint = character.codePointAt(0) ?? 0;
      // A variation selector or joiner only modifies the character before it.
      if ((codePoint >= 0xfe00 && codePoint <= 0xfe0f) || codePoint === 0x200d) return false;
      return !shown(codePoint);
    })
    .map(([character, textIndex]) => ({ character, textIndex }));
}

export function describeCharacter(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} "${character}"`;
}
