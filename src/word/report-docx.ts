import { AlignmentType, Document, ExternalHyperlink, Footer, Header, HeadingLevel, LevelFormat, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type ParagraphChild } from 'docx';
import type { CouncilConfig } from '../schema/council.js';
import type { Contact } from '../schema/common.js';
import { STYLE_FIELDS, type Report } from '../schema/report.js';
import type { ImageMap } from '../load/images.js';
import { loadTemplates } from '../render/templates.js';
import { buildReportView } from '../render/report-view.js';
import { numberedParagraphs } from '../report/paragraphs.js';
import { recommendationMark } from '../render/style-numbering.js';
import { formatLongDate } from '../render/dates.js';
import type { Person } from '../schema/cover.js';
import { LIST_NUMBERING, markdownToWord, type WordBlock } from './markdown-docx.js';

/** Numbered paragraphs hang their text this far from the number (twentieths of a point: 1.27 cm). */
const PARAGRAPH_INDENT = 720;

/**
 * A report as a Word document in the council's format, for councils that circulate Word drafts:
 * the heading, the cover table with its labels, Word heading styles for the numbered sections
 * (so the navigation pane and screen readers find them), numbered paragraphs, tables with header
 * rows, the closing table, "Page X of Y" in the footer and the document's properties. Wording
 * comes from the council's labels, numbers from the same view as the HTML.
 */
export async function renderReportDocx(report: Report, config: CouncilConfig, images?: ImageMap): Promise<Uint8Array> {
  const templates = await loadTemplates(config);
  const label = templates.label;
  const view = buildReportView(report, templates, { language: config.language, ...(images ? { images } : {}) });
  const lists = { next: 1 };
  const markdown = (text: string, extra: { number?: string; indent?: number } = {}) => markdownToWord(text, { images, lists, ...extra });
  const inCell = (text: string) => markdownToWord(text, { images, lists, inCell: true });
  const bold = (text: string) => new TextRun({ text, bold: true });

  const heading: WordBlock[] = [
    ...(view.draft ? [new Paragraph({ children: [bold(label('draftNotice'))] })] : []),
    ...(view.exempt ? [new Paragraph({ children: [bold(label('exemptNotice')), new TextRun(` ${view.exempt.reason}`)] })] : []),
    new Paragraph({ children: [bold(report.council)] }),
    new Paragraph({ children: [new TextRun(`${report.meeting.body} – ${view.meetingDate}`)] }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(report.title)] }),
  ];

  // Marked as the style (or the report) numbers them: 1. / a) / A. / (i).
  const scheme = report.recommendations.numbering ?? config.report.numbering.recommendations;
  // Numbers make a Word list; letters and numerals are typed, each recommendation its own paragraph.
  const recommendations = report.recommendations.items.map((item, index) => `${recommendationMark(index, scheme)} ${indentContinuation(item)}`).join(scheme === '1.' ? '\n' : '\n\n');
  // The style's own cover fields, each as its kind reads in a cell.
  const styleRows = config.report.cover.flatMap((field): Array<[string, WordBlock[]]> => {
    const value = report.cover?.[field.name];
    if (value === undefined) return [];
    if (typeof value === 'string') return [[field.label, field.kind === 'markdown' ? inCell(value) : [plain(field.kind === 'date' ? formatLongDate(value, config.language) : value)]]];
    if (typeof value === 'boolean') return [[field.label, [plain(label(value ? 'yes' : 'no'))]]];
    const person = (one: Person) => plain([one.name, one.role, [one.phone, one.email].filter(Boolean).join(', ')].filter(Boolean).join(', '));
    if (Array.isArray(value)) return [[field.label, value.map(person)]];
    if ('answer' in value) return [[field.label, [plain(label(value.answer ? 'yes' : 'no')), ...(value.reason ? inCell(value.reason) : [])]]];
    return [[field.label, [person(value)]]];
  });
  const coverRows: Array<[string, WordBlock[]]> = [
    // The common fields the report gives (a style may leave them out).
    ...STYLE_FIELDS.flatMap((field): Array<[string, WordBlock[]]> => (report[field] === undefined ? [] : [[label(field), [plain(report[field])]]])),
    ...styleRows,
    [
      label('keyDecision'),
      [report.keyDecision ? new Paragraph({ children: [new TextRun(label('yes')), new TextRun({ break: 1 }), new TextRun(`${label('forwardPlanReference')}: ${report.forwardPlanReference ?? ''}`)] }) : plain(label('no'))],
    ],
    [label('executiveSummary'), inCell(report.executiveSummary)],
    [label('recommendations'), [plain(report.recommendations.intro), ...inCell(recommendations)]],
    ...report.implications.map((row): [string, WordBlock[]] => [row.heading, [...inCell(row.text), ...(row.contact ? [contactLine(label('contactOfficer'), row.contact)] : [])]]),
  ];

  const sections = report.sections.flatMap((section, sectionIndex) => [
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${sectionIndex + 1}. ${section.heading}`)] }),
    // A sub-paragraph (1.2.1) is indented a step further than its paragraph.
    ...numberedParagraphs(section, sectionIndex).flatMap((paragraph) => markdown(paragraph.text, { number: paragraph.number, indent: paragraph.level === 3 ? PARAGRAPH_INDENT * 2 : PARAGRAPH_INDENT })),
  ]);

  const numberedList = (items: readonly string[]) => items.map((item, index) => `${index + 1}. ${indentContinuation(item)}`).join('\n');
  const closingRows: Array<[string, WordBlock[]]> = [
    // The row's label says who this is; the line does not say it again.
    [label('reportAuthor'), [contactLine(undefined, report.author)]],
    [label('appendices'), report.appendices.length > 0 ? appendixList(report.appendices, lists, config.report.numbering.appendices === 'letters') : [plain(label('noAppendices'))]],
    [label('backgroundPapers'), report.backgroundPapers.length > 0 ? inCell(numberedList(report.backgroundPapers)) : [plain(label('noBackgroundPapers'))]],
  ];

  const document = new Document({
    title: report.title,
    subject: view.subject,
    creator: report.author.name,
    description: report.executiveSummary,
    keywords: [report.council, report.meeting.body].join(', '),
    styles: {
      default: {
        document: { run: { font: config.word.font, size: config.word.fontSize * 2, language: { value: config.language } } },
        heading1: { run: { font: config.word.font, size: 32, bold: true }, paragraph: { spacing: { before: 240, after: 240 } } },
        heading2: { run: { font: config.word.font, size: 26, bold: true }, paragraph: { spacing: { before: 360, after: 120 } } },
        heading3: { run: { font: config.word.font, size: config.word.fontSize * 2, bold: true } },
      },
      paragraphStyles: [{ id: 'Quote', name: 'Quote', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { italics: true }, paragraph: { indent: { left: PARAGRAPH_INDENT * 2 } } }],
    },
    numbering: { config: wordNumbering(config.report.numbering.appendices === 'letters') },
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        ...(view.draft ? { headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [bold(label('draft'))] })] }) } } : {}),
        footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: pageOfRuns(label('pageOf')) })] })] }) },
        children: [...heading, twoColumnTable(coverRows), ...sections, new Paragraph({ children: [] }), twoColumnTable(closingRows)],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/** Word's numbering for lists: bullets and numbers for authors' Markdown, numbers for the report's own lists. */
function wordNumbering(letteredAppendices: boolean) {
  const levels = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (level: number) => string, base = 0) =>
    [0, 1, 2].map((level) => ({ level, format, text: text(level), alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: base + 360 * (level + 1), hanging: 360 } } } }));
  return [
    { reference: LIST_NUMBERING.bullets, levels: levels(LevelFormat.BULLET, (level) => ['•', '◦', '▪'][level] ?? '•', PARAGRAPH_INDENT) },
    { reference: LIST_NUMBERING.numbers, levels: levels(LevelFormat.DECIMAL, (level) => `%${level + 1}.`, PARAGRAPH_INDENT) },
    { reference: LIST_NUMBERING.cellBullets, levels: levels(LevelFormat.BULLET, (level) => ['•', '◦', '▪'][level] ?? '•') },
    { reference: LIST_NUMBERING.cellNumbers, levels: levels(LevelFormat.DECIMAL, (level) => `%${level + 1}.`) },
    // Appendices in a style that letters them: A. B. C.
    ...(letteredAppendices ? [{ reference: LIST_NUMBERING.cellLetters, levels: levels(LevelFormat.UPPER_LETTER, (level) => `%${level + 1}.`) }] : []),
  ];
}

/** A two-column table of label and content, as the seed's cover and closing tables: the labels bold, the first column narrower. */
function twoColumnTable(rows: ReadonlyArray<[string, WordBlock[]]>): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [2800, 6800],
    rows: rows.map(
      ([heading, content]) =>
        new TableRow({
          cantSplit: false,
          children: [
            new TableCell({ width: { size: 29, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text: heading, bold: true })] })] }),
            new TableCell({ width: { size: 71, type: WidthType.PERCENTAGE }, children: content.length > 0 ? content : [new Paragraph({ children: [] })] }),
          ],
        }),
    ),
  });
}

function plain(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun(text)] });
}

/** "Contact officer: name, role, email, phone" (or without the label), the email a mail link, as the HTML's contact line. */
function contactLine(label: string | undefined, contact: Contact): Paragraph {
  const children: ParagraphChild[] = [new TextRun(`${label ? `${label}: ` : ''}${contact.name}${contact.role ? `, ${contact.role}` : ''}, `)];
  children.push(new ExternalHyperlink({ link: `mailto:${contact.email}`, children: [new TextRun({ text: contact.email, style: 'Hyperlink' })] }));
  if (contact.phone) children.push(new TextRun(`, ${contact.phone}`));
  return new Paragraph({ children });
}

/** "Page {page} of {pages}" as text and Word's page fields. */
function pageOfRuns(wording: string): Array<string | (typeof PageNumber)[keyof typeof PageNumber]> {
  return wording.split(/(\{page\}|\{pages\})/).flatMap((part) => (part === '{page}' ? [PageNumber.CURRENT] : part === '{pages}' ? [PageNumber.TOTAL_PAGES] : part ? [part] : []));
}

/**
 * The appendices, numbered; each title links to the appendix's file (as the data names it,
 * relative to the report), so Word opens it and an import finds it again.
 */
function appendixList(appendices: Report['appendices'], lists: { next: number }, letters: boolean): Paragraph[] {
  const instance = lists.next++;
  return appendices.map(
    (appendix) =>
      new Paragraph({
        numbering: { reference: letters ? LIST_NUMBERING.cellLetters : LIST_NUMBERING.cellNumbers, level: 0, instance },
        children: [appendix.file ? new ExternalHyperlink({ link: appendix.file, children: [new TextRun({ text: appendix.title, style: 'Hyperlink' })] }) : new TextRun(appendix.title)],
      }),
  );
}

/** A list item's later lines, indented so Markdown keeps them in the item. */
function indentContinuation(text: string): string {
  return text.replace(/\n/g, '\n   ');
}
