import mammoth from 'mammoth';
import { parse, type HTMLElement } from 'node-html-parser';
import type { CouncilConfig } from '../schema/council.js';
import type { CoverField } from '../schema/cover.js';
import { blocksToMarkdown, elementChildren, inlineMarkdown, isElement } from './html-markdown.js';

/** Something in the Word document that a person should look at: where it is, what it was, what became of it. */
export interface ImportNote {
  /** Where in the .docx: "paragraph 12", "table 1, row 3". */
  where: string;
  message: string;
  /** The report field it concerns, when there is one (the data file carries the note there). */
  field?: Array<string | number>;
}

export interface ImportedImage {
  /** File name, beside the data file. */
  name: string;
  bytes: Uint8Array;
}

export interface ImportedReport {
  /** The report's fields, in the format's order; those the document did not give are absent. */
  data: Record<string, unknown>;
  notes: ImportNote[];
  images: ImportedImage[];
}

/** Word styles that mean something to a report, beyond mammoth's own map (headings, lists, tables). */
const STYLE_MAP = ["p[style-name='Quote'] => blockquote > p:fresh", "p[style-name='Intense Quote'] => blockquote > p:fresh", "p[style-name='Title'] => h1:fresh"];

/** A section or paragraph number typed or generated at the start: "3.", "1.2", "1.2.3". */
const LEADING_NUMBER = /^(\d+(?:\.\d+)*)\\?\.?[\t  ]+/;
/** A list or recommendation marker typed as text: "1.", "a)", "(iv)", "A.". */
const TYPED_MARKER = /^\(?(\d{1,3}|[a-zA-Z]|[ivxlc]{1,6})\\?[.)][\t  ]+/;

/**
 * Reads a report written in the council's Word template (the seed's layout): the heading lines,
 * the cover table (rows matched to fields by the council's labels, tolerant of case,
 * punctuation and bracketed tails; other rows become implications), numbered sections and
 * paragraphs (their numbers dropped: the tool numbers), and the closing table. Word's own
 * conversion is mammoth's: tracked insertions are kept and deletions dropped (the changes
 * accepted), soft returns become line breaks, lists and tables stay lists and tables.
 */
export async function importReportDocx(bytes: Uint8Array, config: CouncilConfig, imagePrefix: string): Promise<ImportedReport> {
  const images: ImportedImage[] = [];
  const converted = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    {
      styleMap: STYLE_MAP,
      // A linked (not embedded) picture would be read from this machine's disk: refused.
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(async (image) => {
        const extension =
          image.contentType
            .split('/')[1]
            ?.replace('jpeg', 'jpg')
            .replace(/[^a-z0-9]/g, '') || 'bin';
        const name = `${imagePrefix}-image-${images.length + 1}.${extension}`;
        images.push({ name, bytes: new Uint8Array(await image.readAsBuffer()) });
        return { src: name };
      }),
    },
  );
  const reader = new ReportReader(config);
  // A paragraph or run style mammoth does not know is still read as plain text: nothing is lost, so nothing to say.
  for (const message of converted.messages) if (!/^Unrecognised (paragraph|run|table) style/.test(message.message)) reader.note('the document', `Word conversion: ${message.message}`);
  reader.read(parse(converted.value).childNodes.filter(isElement));
  for (const image of reader.imagesWithoutAlt) reader.note(image.where, `a picture (${image.src}) has no alternative text; describe it in the Markdown, ![what it shows](${image.src})`);
  return { data: reader.data(), notes: reader.notes, images };
}

type Field = 'accountableMember' | 'accountableOfficer' | 'wards' | 'keyDecision' | 'forwardPlanReference' | 'executiveSummary' | 'recommendations' | 'reportAuthor' | 'appendices' | 'backgroundPapers';
const COVER_FIELDS: Field[] = ['accountableMember', 'accountableOfficer', 'wards', 'keyDecision', 'forwardPlanReference', 'executiveSummary', 'recommendations'];
const CLOSING_FIELDS: Field[] = ['reportAuthor', 'appendices', 'backgroundPapers'];

/** A label compared as a clerk would: case, punctuation, spacing and bracketed tails ("(including …)") ignored. */
export function labelKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

class ReportReader {
  readonly notes: ImportNote[] = [];
  readonly imagesWithoutAlt: Array<{ where: string; src: string }> = [];
  private readonly fields: Record<string, unknown> = {};
  private readonly implications: Array<Record<string, unknown>> = [];
  private readonly sections: Array<{ heading: string; paragraphs: string[] }> = [];
  private readonly labels: Map<string, Field>;
  /** The style's own cover fields, by their labels as a clerk would type them. */
  private readonly coverLabels: Map<string, CoverField>;
  private readonly cover: Record<string, unknown> = {};
  private tables = 0;

  constructor(private readonly config: CouncilConfig) {
    const label = (key: string) => config.labels[key] ?? key;
    this.labels = new Map([...COVER_FIELDS, ...CLOSING_FIELDS].map((field) => [labelKey(label(field)), field]));
    this.coverLabels = new Map(config.report.cover.map((field) => [labelKey(field.label), field]));
  }

  note(where: string, message: string, field?: Array<string | number>): void {
    this.notes.push({ where, message, ...(field ? { field } : {}) });
  }

  read(blocks: HTMLElement[]): void {
    const heading: Array<{ block: HTMLElement; where: string }> = [];
    let phase: 'heading' | 'cover' | 'body' = 'heading';
    blocks.forEach((block, index) => {
      const where = `paragraph ${index + 1}`;
      const tag = block.rawTagName.toLowerCase();
      this.findImages(block, where);
      if (tag === 'table') {
        this.tables += 1;
        const rows = this.tableRows(block);
        const closing = rows.some((row) => CLOSING_FIELDS.includes(this.labels.get(labelKey(row.label)) as Field));
        if (closing) {
          this.readClosing(rows);
          phase = 'body';
        } else if (phase !== 'body' || this.sections.length === 0) {
          this.readCover(rows);
          phase = 'cover';
        } else {
          this.addToParagraph(blocksToMarkdown([block]), where);
        }
        return;
      }
      if (phase === 'heading') {
        heading.push({ block, where });
        return;
      }
      const text = block.text.replace(/\s+/g, ' ').trim();
      if (text === '' && !block.querySelector('img')) return;
      if (this.isSectionHeading(block, text)) {
        phase = 'body';
        this.sections.push({ heading: text.replace(/^\d+(\.\d+)*\.?\s+/, ''), paragraphs: [] });
        return;
      }
      if (phase === 'cover') {
        this.note(where, `text between the cover table and the first numbered section: "${clip(text)}"; not imported (put it in a section)`);
        return;
      }
      const markdown = blocksToMarkdown([block]);
      const numbered = tag === 'p' && LEADING_NUMBER.test(markdown) && /^\d+\.\d+/.test(text);
      if (numbered) this.newParagraph(markdown.replace(LEADING_NUMBER, ''));
      else this.addToParagraph(markdown, where);
    });
    this.readHeading(heading);
  }

  data(): Record<string, unknown> {
    const { council, meeting, title, status, classification, exemptParagraphs, ...rest } = this.fields;
    const cover = Object.fromEntries(COVER_FIELDS.filter((field) => rest[field] !== undefined).map((field) => [field, rest[field]]));
    return {
      ...(council === undefined ? {} : { council }),
      ...(meeting === undefined ? {} : { meeting }),
      ...(title === undefined ? {} : { title }),
      status: status ?? 'final',
      classification: classification ?? 'public',
      ...(exemptParagraphs === undefined ? {} : { exemptParagraphs }),
      ...cover,
      // The style's own fields, in its order.
      ...(Object.keys(this.cover).length > 0 ? { cover: Object.fromEntries(this.config.report.cover.filter((field) => this.cover[field.name] !== undefined).map((field) => [field.name, this.cover[field.name]])) } : {}),
      ...(this.implications.length > 0 ? { implications: this.implications } : {}),
      ...(this.sections.length > 0 ? { sections: this.sections } : {}),
      ...(rest.reportAuthor === undefined ? {} : { author: rest.reportAuthor }),
      appendices: rest.appendices ?? [],
      backgroundPapers: rest.backgroundPapers ?? [],
    };
  }

  /** The lines above the cover table: draft and exempt notices, the council, "Body – date", the title. */
  private readHeading(lines: Array<{ block: HTMLElement; where: string }>): void {
    const label = (key: string) => this.config.labels[key] ?? key;
    const rest: Array<{ text: string; where: string; heading: boolean }> = [];
    for (const { block, where } of lines) {
      const text = block.text.replace(/\s+/g, ' ').trim();
      if (!text) continue;
      if (labelKey(text) === labelKey(label('draftNotice')) || labelKey(text) === labelKey(label('draft'))) {
        this.fields.status = 'draft';
      } else if (labelKey(text).startsWith(labelKey(label('exemptNotice')))) {
        this.fields.classification = 'exempt';
        const numbers = [...(text.match(/paragraphs?\s*(?:\(s\))?\s*([\d,\s and]+)/i)?.[1] ?? '').matchAll(/\d+/g)].map((match) => Number(match[0]));
        if (numbers.length > 0) this.fields.exemptParagraphs = numbers;
        else this.note(where, `an exempt notice without the Schedule 12A paragraph: "${clip(text)}"`, ['exemptParagraphs']);
      } else {
        rest.push({ text, where, heading: /^h\d$/i.test(block.rawTagName) });
      }
    }
    const titleAt = rest.findIndex((line) => line.heading);
    const title = titleAt >= 0 ? rest.splice(titleAt, 1)[0] : rest.pop();
    const [council, meeting, ...others] = rest;
    if (title) this.fields.title = title.text;
    else this.note('the top of the document', 'no title found (a Heading 1 above the cover table)', ['title']);
    if (council) this.fields.council = council.text;
    else this.note('the top of the document', 'no council name found above the title', ['council']);
    if (meeting) {
      const parts = meeting.text.split(/\s+[–—-]\s+/);
      const date = parseLongDate(parts.at(-1) ?? '');
      if (parts.length >= 2 && date) this.fields.meeting = { body: parts.slice(0, -1).join(' – '), date };
      else this.note(meeting.where, `expected the meeting as "Body – 25 June 2012"; found "${clip(meeting.text)}"`, ['meeting']);
    } else {
      this.note('the top of the document', 'no meeting line ("Council – 25 June 2012") found', ['meeting']);
    }
    for (const other of others) this.note(other.where, `a line above the cover table that is not a field: "${clip(other.text)}"; not imported`);
  }

  private tableRows(table: HTMLElement): Array<{ label: string; cell: HTMLElement | undefined; where: string }> {
    return table.querySelectorAll('tr').map((row, index) => {
      const cells = elementChildren(row);
      const where = `table ${this.tables}, row ${index + 1}`;
      if (cells.length !== 2) this.note(where, `a row of ${cells.length} cell(s) where the format has two (a label and its content)${cells.length > 2 ? '; the cells after the second are left out' : ''}`);
      return { label: cells[0]?.text.replace(/\s+/g, ' ').trim() ?? '', cell: cells[1], where };
    });
  }

  private readCover(rows: Array<{ label: string; cell: HTMLElement | undefined; where: string }>): void {
    for (const { label, cell, where } of rows) {
      if (!cell || !label) continue;
      const declared = this.coverLabels.get(labelKey(label));
      if (declared) {
        this.readCoverField(declared, cell, where);
        continue;
      }
      const field = this.labels.get(labelKey(label));
      const plain = cell.text.replace(/\s+/g, ' ').trim();
      switch (field) {
        case 'accountableMember':
        case 'accountableOfficer':
        case 'wards':
        case 'forwardPlanReference':
          this.fields[field] = plain;
          break;
        case 'keyDecision':
          this.readKeyDecision(cell, where);
          break;
        case 'executiveSummary':
          this.fields.executiveSummary = blocksToMarkdown(cell.childNodes);
          break;
        case 'recommendations':
          this.readRecommendations(cell, where);
          break;
        case undefined:
          this.readImplication(label, cell, where);
          break;
        default:
          this.note(where, `"${label}" belongs in the closing table; imported from here`);
          this.readClosing([{ label, cell, where }]);
      }
    }
  }

  /** One of the style's own cover fields, read as its kind is written. */
  private readCoverField(field: CoverField, cell: HTMLElement, where: string): void {
    const label = (key: string) => this.config.labels[key] ?? key;
    const lines = cellLines(cell);
    const plain = lines.join(' ');
    const yesNo = (text: string): boolean | undefined => (labelKey(text).startsWith(labelKey(label('yes'))) ? true : labelKey(text).startsWith(labelKey(label('no'))) ? false : undefined);
    const at = ['cover', field.name];
    switch (field.kind) {
      case 'markdown':
        this.cover[field.name] = blocksToMarkdown(cell.childNodes);
        return;
      case 'person':
      case 'people': {
        const people = lines.map(parsePerson);
        this.cover[field.name] = field.kind === 'person' ? people[0] : people;
        if (field.kind === 'person' && people.length > 1) this.note(where, `"${field.label}" holds one person; the first is imported`, at);
        return;
      }
      case 'date': {
        const parsed = new Date(`${plain} UTC`);
        if (/^\d{4}-\d{2}-\d{2}$/.test(plain)) this.cover[field.name] = plain;
        else if (!Number.isNaN(parsed.getTime())) this.cover[field.name] = parsed.toISOString().slice(0, 10);
        else this.note(where, `expected a date; found "${clip(plain)}"`, at);
        return;
      }
      case 'yes-no': {
        const answer = yesNo(plain);
        if (answer === undefined) this.note(where, `expected "${label('yes')}" or "${label('no')}"; found "${clip(plain)}"`, at);
        else this.cover[field.name] = answer;
        return;
      }
      case 'yes-no-reason': {
        const answer = yesNo(lines[0] ?? '');
        if (answer === undefined) this.note(where, `expected "${label('yes')}" or "${label('no')}" first; found "${clip(lines[0] ?? '')}"`, at);
        else this.cover[field.name] = { answer, ...(lines.length > 1 ? { reason: lines.slice(1).join('\n\n') } : {}) };
        return;
      }
      default:
        this.cover[field.name] = plain;
    }
  }

  private readKeyDecision(cell: HTMLElement, where: string): void {
    const label = (key: string) => this.config.labels[key] ?? key;
    const lines = cell.innerHTML
      .split(/<br\s*\/?>|<\/p>/i)
      .map((line) => parse(line).text.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    const answer = labelKey(lines[0] ?? '');
    if (answer.startsWith(labelKey(label('yes')))) this.fields.keyDecision = true;
    else if (answer.startsWith(labelKey(label('no')))) this.fields.keyDecision = false;
    else this.note(where, `expected "${label('yes')}" or "${label('no')}"; found "${clip(lines[0] ?? '')}"`, ['keyDecision']);
    const reference = lines
      .slice(1)
      .join(' ')
      .replace(new RegExp(`^${escapeRegExp(label('forwardPlanReference'))}\\s*:?\\s*`, 'i'), '')
      .trim();
    if (reference) this.fields.forwardPlanReference = reference;
  }

  private readRecommendations(cell: HTMLElement, where: string): void {
    const blocks = elementChildren(cell);
    const first = blocks[0];
    let intro: string | undefined;
    if (first && first.rawTagName.toLowerCase() === 'p' && /:\s*$/.test(first.text.trim())) {
      intro = first.text.replace(/\s+/g, ' ').trim();
      blocks.shift();
    } else {
      this.note(where, 'no opening line ("That Council:") above the recommendations', ['recommendations', 'intro']);
    }
    const items: string[] = [];
    for (const block of blocks) {
      const tag = block.rawTagName.toLowerCase();
      if (tag === 'ol' || tag === 'ul') items.push(...elementChildren(block).map((item) => inlineMarkdown(item.childNodes).trim()));
      else if (block.text.trim()) items.push(inlineMarkdown(block.childNodes).trim().replace(TYPED_MARKER, ''));
    }
    this.fields.recommendations = { ...(intro === undefined ? {} : { intro }), items };
  }

  private readImplication(heading: string, cell: HTMLElement, where: string): void {
    const contactLabel = labelKey(this.config.labels.contactOfficer ?? 'Contact officer');
    const blocks = elementChildren(cell);
    const contactBlock = blocks.find((block) => labelKey(block.text).startsWith(contactLabel));
    const index = this.implications.length;
    const implication: Record<string, unknown> = { heading, text: blocksToMarkdown(blocks.filter((block) => block !== contactBlock)) };
    if (contactBlock) {
      const contact = parseContact(contactBlock.text);
      if (contact) implication.contact = contact;
      else this.note(where, `a contact line without an email address: "${clip(contactBlock.text)}"`, ['implications', index, 'contact']);
    }
    this.implications.push(implication);
  }

  private readClosing(rows: Array<{ label: string; cell: HTMLElement | undefined; where: string }>): void {
    const none = (key: string, text: string) => labelKey(text) === labelKey(this.config.labels[key] ?? 'None');
    for (const { label, cell, where } of rows) {
      if (!cell) continue;
      const field = this.labels.get(labelKey(label));
      const text = cell.text.replace(/\s+/g, ' ').trim();
      if (field === 'reportAuthor') {
        const contact = parseContact(text);
        if (contact) this.fields.reportAuthor = contact;
        else this.note(where, `expected the author as "Contact officer: name, email, phone"; found "${clip(text)}"`, ['author']);
      } else if (field === 'appendices') {
        const appendices = none('noAppendices', text) ? [] : listEntries(cell).map((entry) => appendixOf(entry.html));
        this.fields.appendices = appendices;
        appendices.forEach((appendix, index) => {
          if (!appendix.file) this.note(where, `appendix ${index + 1} has no file in the Word document: add its file (Markdown, report data or PDF) as "file:"`, ['appendices', index]);
        });
      } else if (field === 'backgroundPapers') {
        this.fields.backgroundPapers = none('noBackgroundPapers', text) ? [] : listEntries(cell).map((entry) => entry.markdown);
      } else if (field) {
        this.readCover([{ label, cell, where }]);
      } else {
        this.note(where, `"${label}" is not a row of the closing table (${CLOSING_FIELDS.map((key) => this.config.labels[key] ?? key).join(', ')}); not imported`);
      }
    }
  }

  /** A section heading: a Word heading, or a line typed as a heading (all bold, or "3. Heading" without a full stop at the end). */
  private isSectionHeading(block: HTMLElement, text: string): boolean {
    const tag = block.rawTagName.toLowerCase();
    if (/^h[1-6]$/.test(tag)) return true;
    if (tag !== 'p' || text.length > 120) return false;
    const allBold = block.childNodes.every((child) => (isElement(child) ? ['strong', 'b'].includes(child.rawTagName.toLowerCase()) : child.text.trim() === ''));
    return allBold || /^\d+\.?\s+[^.]*[^.:;,]$/.test(text);
  }

  private newParagraph(markdown: string): void {
    const section = this.sections.at(-1);
    section?.paragraphs.push(markdown);
  }

  private addToParagraph(markdown: string, where: string): void {
    const section = this.sections.at(-1);
    if (!section) return;
    if (section.paragraphs.length === 0) {
      this.note(where, `the first paragraph of section ${this.sections.length} ("${clip(section.heading)}") has no number; taken as paragraph ${this.sections.length}.1`, ['sections', this.sections.length - 1, 'paragraphs', 0]);
      section.paragraphs.push(markdown);
      return;
    }
    // Text without a number continues the numbered paragraph above it (a quotation, a list, a table).
    section.paragraphs[section.paragraphs.length - 1] += `\n\n${markdown}`;
  }

  private findImages(block: HTMLElement, where: string): void {
    for (const image of block.querySelectorAll('img')) if (!image.getAttribute('alt')?.trim()) this.imagesWithoutAlt.push({ where, src: image.getAttribute('src') ?? '' });
  }
}

/** The entries of a list cell: list items, or paragraphs with their typed numbers dropped. */
function listEntries(cell: HTMLElement): Array<{ html: string; markdown: string }> {
  const entries: Array<{ html: string; markdown: string }> = [];
  for (const block of elementChildren(cell)) {
    const tag = block.rawTagName.toLowerCase();
    if (tag === 'ol' || tag === 'ul') for (const item of elementChildren(block)) entries.push({ html: item.innerHTML, markdown: inlineMarkdown(item.childNodes).trim() });
    else if (block.text.trim()) entries.push({ html: block.innerHTML.replace(/^\s*\(?\w{1,3}[.)]\s+/, ''), markdown: inlineMarkdown(block.childNodes).trim().replace(TYPED_MARKER, '') });
  }
  return entries;
}

/** An appendix's title, and its file when the title links to one (a relative link, as the tool writes them). */
function appendixOf(html: string): { title: string; file?: string } {
  const element = parse(html);
  const title = element.text.replace(/\s+/g, ' ').trim();
  const href = element.querySelector('a')?.getAttribute('href')?.trim();
  const file = href && !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('#') ? href : undefined;
  return file ? { title, file } : { title };
}

/** "Contact officer: Jane Griffiths, Director, jane@council.gov.uk, 01242 264126" → name, role, email, phone. */
export function parseContact(text: string): Record<string, string> | undefined {
  const body = text
    .replace(/\s+/g, ' ')
    .replace(/^[^:]*:\s*/, '')
    .trim();
  const parts = body.split(/\s*,\s*/).filter(Boolean);
  const emailAt = parts.findIndex((part) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(part));
  if (emailAt < 1) return undefined;
  const role = parts.slice(1, emailAt).join(', ');
  const phone = parts.slice(emailAt + 1).join(', ');
  return { name: parts[0] as string, ...(role ? { role } : {}), email: parts[emailAt] as string, ...(phone ? { phone } : {}) };
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "25 June 2012", "Monday 25th June 2012" → 2012-06-25. */
export function parseLongDate(text: string): string | undefined {
  const match = text.toLowerCase().match(/(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})/);
  if (!match) return undefined;
  const month = MONTHS.findIndex((name) => name.startsWith(match[2] as string) && (match[2] as string).length >= 3);
  if (month < 0) return undefined;
  return `${match[3]}-${String(month + 1).padStart(2, '0')}-${String(Number(match[1])).padStart(2, '0')}`;
}

/** A cell's lines: its paragraphs and the soft returns within them. */
function cellLines(cell: HTMLElement): string[] {
  return cell.innerHTML
    .split(/<br\s*\/?>|<\/p>|<\/li>/i)
    .map((line) => parse(line).text.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** "Name, Role, 03000 410000, name@example.gov.uk": the phone and email wherever they are, the name first, the rest its role. */
function parsePerson(line: string): Record<string, string> {
  const parts = line
    .split(/,\s*/)
    .map((part) => part.trim())
    .filter(Boolean);
  const email = parts.find((part) => /^[^\s@]+@[^\s@]+$/.test(part));
  const phone = parts.find((part) => /^\+?[0-9][0-9 ()-]{5,}$/.test(part));
  const [name = '', ...role] = parts.filter((part) => part !== email && part !== phone);
  return { name, ...(role.length > 0 ? { role: role.join(', ') } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
