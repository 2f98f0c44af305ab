import type { Paper } from '../load/paper.js';

/**
 * The one rule for text hidden in a PDF (found when it is read: src/load/hidden-text.ts): a PDF
 * that hides words under a box, or carries an unapplied redaction, cannot be published, since
 * drawn into the page the box still hides them, but they can be copied, searched and read aloud.
 * Exempt (members only), it goes as it is. Every path that admits a PDF into public output asks
 * this: a meeting's packs and supplements (src/meeting/load-meeting.ts) and a report built whole
 * with its appendices (src/report/report-appendices.ts). Returns why it is refused, or undefined.
 */
export function hiddenTextRefusal(paper: Paper | undefined, exempt: boolean): string | undefined {
  if (exempt || paper?.kind !== 'pdf' || paper.hiddenText.length === 0) return undefined;
  return `${paper.hiddenText.join('; ')}. Apply the redaction (so the words are removed from the file, not covered) before it is published, or mark it exempt`;
}
