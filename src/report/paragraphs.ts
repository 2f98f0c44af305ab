import type { PathSegment } from '../load/source-document.js';
import type { Section } from '../schema/report.js';

/** One numbered paragraph as printed: its number (1.2, or 1.2.1 under it), its Markdown, its depth, and where it is in the data. */
export interface NumberedParagraph {
  number: string;
  text: string;
  /** 2 for a paragraph (1.2), 3 for a sub-paragraph (1.2.1). */
  level: 2 | 3;
  fieldPath: PathSegment[];
}

/** A section's paragraphs in order, sub-paragraphs after their paragraph, numbered: numbers are made here and nowhere else. */
export function numberedParagraphs(section: Section, sectionIndex: number): NumberedParagraph[] {
  const base: PathSegment[] = ['sections', sectionIndex, 'paragraphs'];
  return section.paragraphs.flatMap((paragraph, index) => {
    const number = `${sectionIndex + 1}.${index + 1}`;
    if (typeof paragraph === 'string') return [{ number, text: paragraph, level: 2 as const, fieldPath: [...base, index] }];
    return [
      { number, text: paragraph.text, level: 2 as const, fieldPath: [...base, index, 'text'] },
      ...paragraph.paragraphs.map((text, subIndex) => ({ number: `${number}.${subIndex + 1}`, text, level: 3 as const, fieldPath: [...base, index, 'paragraphs', subIndex] })),
    ];
  });
}
