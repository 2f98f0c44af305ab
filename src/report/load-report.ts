import path from 'node:path';
import type { Problem } from '../errors.js';
import { loadSource } from '../load/source.js';
import type { PathSegment, SourceDocument } from '../load/source-document.js';
import { resolveImages, type ImageMap } from '../load/images.js';
import type { CouncilConfig } from '../schema/council.js';
import { STYLE_FIELDS, type Report } from '../schema/report.js';
import { numberedParagraphs } from './paragraphs.js';
import { validateReport } from '../validate/report.js';
import { formatPath } from '../validate/issues.js';
import { checkPaperFile } from '../load/paper-file.js';
import { describeCharacter, unshownCharacters } from '../validate/glyphs.js';

/** `warnings`: what the author should know but does not stop the report being built (an appendix file that is not there yet). */
export type LoadedReport = { ok: true; value: Report; images: ImageMap; warnings: Problem[]; locate: SourceDocument['locate'] } | { ok: false; problems: Problem[] };

/** Reads, parses and validates one report file, and embeds its images; returns every problem found. */
export async function loadReport(file: string, config: CouncilConfig, options: { root?: string | undefined } = {}): Promise<LoadedReport> {
  // A report named by a meeting must lie in the meeting's data folder; one the user names is read as asked.
  const parsed = await loadSource(file, options.root);
  return parsed.ok ? reportFromSource(parsed.source, config) : { ok: false, problems: parsed.problems };
}

/** The same, for a file already parsed. */
export async function reportFromSource(source: SourceDocument, config: CouncilConfig): Promise<LoadedReport> {
  const file = source.file;
  const validated = validateReport(source, config);
  if (!validated.ok) return validated;
  const images = new Map<string, string>();
  const problems: Problem[] = [];
  for (const { fieldPath, text } of markdownFields(validated.value)) {
    for (const problem of await resolveImages(text, path.dirname(file), images)) {
      const at = source.locate(fieldPath);
      problems.push({ file, line: at.line, column: at.column, path: formatPath(fieldPath), message: problem.message });
    }
  }
  // An appendix file that is not there, or not of a kind a pack takes, is said now, where the
  // author works; it stops only the pack that would print it.
  const warnings: Problem[] = [];
  // A character no installed font has would print as an empty box: said where it is.
  const fields = [...plainFields(validated.value), ...markdownFields(validated.value)];
  for (const { character, textIndex } of await unshownCharacters(fields.map((field) => field.text))) {
    const fieldPath = fields[textIndex]?.fieldPath ?? [];
    const at = source.locate(fieldPath);
    warnings.push({
      file,
      line: at.line,
      column: at.column,
      path: formatPath(fieldPath),
      message: `the character ${describeCharacter(character)} is in no font installed here, so it would print as an empty box; install a font that has it (Debian: the fonts-noto families, such as fonts-noto-cjk or fonts-noto-color-emoji), or write it another way`,
    });
  }
  for (const [index, appendix] of validated.value.appendices.entries()) {
    if (!appendix.file) continue;
    const checked = await checkPaperFile(path.resolve(path.dirname(file), appendix.file));
    if (checked.ok) continue;
    const fieldPath: PathSegment[] = ['appendices', index, 'file'];
    const at = source.locate(fieldPath);
    warnings.push({ file, line: at.line, column: at.column, path: formatPath(fieldPath), message: `${appendix.file}: ${checked.message} (the path is relative to this report's folder); a pack with this report cannot be built until it is` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: validated.value, images, warnings, locate: source.locate };
}

/** The plain text fields of a report that are printed, with their paths. */
function plainFields(report: Report): Array<{ fieldPath: PathSegment[]; text: string }> {
  return [
    { fieldPath: ['council'], text: report.council },
    { fieldPath: ['title'], text: report.title },
    ...STYLE_FIELDS.flatMap((field) => (report[field] === undefined ? [] : [{ fieldPath: [field] as PathSegment[], text: report[field] }])),
    ...Object.entries(report.cover ?? {}).flatMap(([name, value]) => (typeof value === 'string' ? [{ fieldPath: ['cover', name] as PathSegment[], text: value }] : [])),
    { fieldPath: ['recommendations', 'intro'], text: report.recommendations.intro },
    ...report.implications.map((row, index) => ({ fieldPath: ['implications', index, 'heading'] as PathSegment[], text: row.heading })),
    ...report.sections.map((section, index) => ({ fieldPath: ['sections', index, 'heading'] as PathSegment[], text: section.heading })),
    { fieldPath: ['author', 'name'], text: report.author.name },
    ...report.appendices.map((appendix, index) => ({ fieldPath: ['appendices', index, 'title'] as PathSegment[], text: appendix.title })),
  ];
}

/** Every Markdown field of a report, with its path. */
export function markdownFields(report: Report): Array<{ fieldPath: PathSegment[]; text: string }> {
  return [
    { fieldPath: ['executiveSummary'], text: report.executiveSummary },
    ...report.recommendations.items.map((text, index) => ({ fieldPath: ['recommendations', 'items', index], text })),
    ...report.implications.map((row, index) => ({ fieldPath: ['implications', index, 'text'], text: row.text })),
    ...report.sections.flatMap((section, sectionIndex) => numberedParagraphs(section, sectionIndex).map((paragraph) => ({ fieldPath: paragraph.fieldPath, text: paragraph.text }))),
    ...report.backgroundPapers.map((text, index) => ({ fieldPath: ['backgroundPapers', index], text })),
  ];
}
