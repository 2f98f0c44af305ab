import { DeletedTextRun, Document, HeadingLevel, ImageRun, InsertedTextRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type ParagraphChild } from 'docx';

/**
 * Word documents written as officers write them, not as the tool does: made with the `docx`
 * writer so the tests need no binary fixtures.
 */
const row = (label: string, ...content: Paragraph[]) => new TableRow({ children: [new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: label, bold: true })] })] }), new TableCell({ children: content })] });
const text = (...children: Array<string | ParagraphChild>) => new Paragraph({ children: children.map((child) => (typeof child === 'string' ? new TextRun(child) : child)) });
const table = (rows: TableRow[]) => new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows });

/** A 1×1 PNG, red. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

/**
 * Typed by hand: a merged title row across the cover table, a soft return inside a cell,
 * recommendations and paragraph numbers typed as text, section headings typed as bold text,
 * and tracked changes left in (an insertion and a deletion).
 */
export async function handTypedReport(): Promise<Uint8Array> {
  const document = new Document({
    features: { trackRevisions: true },
    sections: [
      {
        children: [
          text('Cheltenham Borough Council'),
          text('Cabinet - 10 July 2012'),
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('Car Parking Review')] }),
          table([
            new TableRow({ children: [new TableCell({ columnSpan: 2, children: [text('Report summary')] })] }),
            row('Accountable Member', text('Cabinet Member Built Environment,', new TextRun({ break: 1 }), 'Councillor Andrew McKinlay')),
            row('Accountable officer', text('Director of Operations, Grahame Lewis')),
            row('WARD(S) AFFECTED:', text('All')),
            row('Significant decision', text('Yes'), text('Forward plan reference: FP-2012-07')),
            row(
              'Executive Summary',
              text(
                'The review proposes ',
                new DeletedTextRun({ text: 'higher ', id: 1, author: 'Officer', date: '2012-06-01T00:00:00Z' }),
                new InsertedTextRun({ text: 'fairer ', id: 2, author: 'Officer', date: '2012-06-01T00:00:00Z' }),
                'charges.',
              ),
            ),
            row('Recommendations', text('That Cabinet:'), text('1. approves the review;'), text('2. asks the director to report back.')),
            row('Financial Implications', text('Income rises by £40,000.'), text('Contact officer: Paul Jones, Head of Finance, paul.jones@cheltenham.gov.uk, 01242 775154')),
            row('Legal implications', text('None.'), text('Contact officer: Peter Lewis, peter.lewis@tewkesbury.gov.uk')),
          ]),
          new Paragraph({ children: [new TextRun({ text: '1. Background', bold: true })] }),
          text('1.1\tThe last review was in 2008.'),
          text('1.2 Charges have not changed since.'),
          new Paragraph({ children: [new TextRun({ text: '2. Proposals', bold: true })] }),
          text('2.1\tThe proposals are:'),
          text('a) fairer charges;'),
          table([
            row('Report author', text('Contact officer: Grahame Lewis, grahame.lewis@cheltenham.gov.uk, 01242 264110')),
            row('Appendices', text('1. Tariff table'), text('2. Consultation responses')),
            row('Background information', text('None')),
          ]),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/**
 * Written with Word's own structures, but unlike the seed: section headings as Heading 2
 * without numbers, a paragraph without a number under a heading, a picture without
 * alternative text, and a cover row the format does not know.
 */
export async function styledReport(): Promise<Uint8Array> {
  const document = new Document({
    sections: [
      {
        children: [
          text('DRAFT'),
          text('Cheltenham Borough Council'),
          text('Council – 3 September 2012'),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Annual Report')] }),
          table([
            row('Accountable member', text('Leader of the Council')),
            row('Accountable officer', text('Chief Executive')),
            row('Ward(s) affected', text('All')),
            row('Significant Decision', text('No')),
            row('Executive summary', text('A year in review.')),
            row('Recommendations', text('That Council:'), text('notes the report.')),
            row('Financial implications', text('None.'), text('Contact officer: Paul Jones, paul.jones@cheltenham.gov.uk')),
            row('Legal implications', text('None.'), text('Contact officer: Peter Lewis, peter.lewis@tewkesbury.gov.uk')),
          ]),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Performance')] }),
          text('Most targets were met.'),
          new Paragraph({ children: [new ImageRun({ type: 'png', data: TINY_PNG, transformation: { width: 20, height: 20 } })] }),
          table([row('Report author', text('Contact officer: Jane Griffiths, jane.griffiths@cheltenham.gov.uk')), row('Appendices', text('None')), row('Background information', text('None'))]),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
