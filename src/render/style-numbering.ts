/** How a style numbers recommendations and appendices: the marks are computed here, never typed. */
export type RecommendationNumbering = '1.' | 'a)' | 'A.' | '(i)';
export type AppendixNumbering = 'numbers' | 'letters';

/** A, B … Z, AA, AB … */
export function letterOf(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function romanOf(n: number): string {
  const numerals: Array<[number, string]> = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let rest = n;
  let out = '';
  for (const [value, numeral] of numerals) {
    while (rest >= value) {
      out += numeral;
      rest -= value;
    }
  }
  return out;
}

/** The mark of the recommendation at `index` (0-based): "1.", "a)", "A." or "(i)". */
export function recommendationMark(index: number, scheme: RecommendationNumbering): string {
  switch (scheme) {
    case '1.':
      return `${index + 1}.`;
    case 'a)':
      return `${letterOf(index).toLowerCase()})`;
    case 'A.':
      return `${letterOf(index)}.`;
    case '(i)':
      return `(${romanOf(index + 1)})`;
  }
}

/** An appendix's number as printed: "2" or "B". */
export function appendixMark(number: number, scheme: AppendixNumbering): string {
  return scheme === 'letters' ? letterOf(number - 1) : String(number);
}
