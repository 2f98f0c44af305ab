import path from 'node:path';
import type { Problem } from '../errors.js';
import type { CouncilConfig } from '../schema/council.js';
import type { Report } from '../schema/report.js';
import type { Paper } from '../load/paper.js';
import { pdfPaper, readMarkdownPaper, readPdfPaper } from '../load/load-paper.js';
import { resolveImages } from '../load/images.js';
import { parseSource } from '../load/source.js';
import { looksLike } from '../validate/report.js';
import { formatPath } from '../validate/issues.js';
import { hiddenTextRefusal } from '../validate/hidden-text.js';
import { loadReport, reportFromSource, type LoadedReport } from './load-report.js';

/** A report's appendix with its papers read, numbered as the report numbers it. */
export interface LoadedAppendix {
  number: number;
  title: string;
  /** Undefined for an appendix with no file (listed in the closing table only). */
  paper: Paper | undefined;
  /**
   * Its Schedule 12A paragraphs, as a pack counts them: the report's own when the report is
   * exempt, the appendix's `exemptParagraphs`, and those of an exempt report given as the
   * appendix. Not empty: every page it prints is marked NOT FOR PUBLICATION.
   */
  exemptParagraphs: number[];
}

/**
 * Reads the papers of a report's appendices, so `papers build` can give the author the whole
 * report: Markdown and report data rendered after it, a PDF's pages drawn in. Each file is
 * checked as a pack checks it (a PDF that hides words under a box is refused here too); a
 * problem is located at the appendix's `file:` in the report.
 */
export async function loadReportAppendices(
  report: Report,
  reportFile: string,
  config: CouncilConfig,
  locate: (path: Array<string | number>) => { line: number; column: number },
): Promise<{ appendices: LoadedAppendix[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const appendices: LoadedAppendix[] = [];
  const dir = path.dirname(reportFile);
  const reportParagraphs = report.classification === 'exempt' ? (report.exemptParagraphs ?? []) : [];
  for (const [index, appendix] of report.appendices.entries()) {
    const fieldPath = ['appendices', index, 'file'];
    const problem = (message: string) => {
      const at = locate(fieldPath);
      problems.push({ file: reportFile, line: at.line, column: at.column, path: formatPath(fieldPath), message: `${appendix.file}: ${message}` });
    };
    const entry: LoadedAppendix = { number: index + 1, title: appendix.title, paper: undefined, exemptParagraphs: mergeParagraphs(reportParagraphs, appendix.exemptParagraphs) };
    appendices.push(entry);
    if (!appendix.file) continue;
    const file = path.resolve(dir, appendix.file);
    // A report as an appendix: checked as a report, its own problems listed.
    const useReport = (loaded: LoadedReport) => {
      if (loaded.ok) {
        entry.paper = { kind: 'report', file, report: loaded.value, images: loaded.images };
        if (loaded.value.classification === 'exempt') entry.exemptParagraphs = mergeParagraphs(entry.exemptParagraphs, loaded.value.exemptParagraphs);
        return;
      }
      problem(`the report has ${loaded.problems.length} problem(s), listed below`);
      problems.push(...loaded.problems);
    };
    if (/\.pdf$/i.test(file)) {
      const read = await readPdfPaper(file, undefined);
      if (!read.ok) {
        problem(read.message);
        continue;
      }
      const paper: Paper = pdfPaper(file, read);
      const refusal = hiddenTextRefusal(paper, entry.exemptParagraphs.length > 0);
      if (refusal) problem(refusal);
      else entry.paper = paper;
    } else if (/\.(md|markdown)$/i.test(file)) {
      // Read once: a Markdown file is papers, or a report when it has a report's front matter and sections.
      const read = await readMarkdownPaper(file, undefined);
      if (!read.ok) {
        problem(read.message);
        continue;
      }
      const asReport = parseSource(file, read.text);
      if (asReport.ok && looksLike(asReport.source.data, ['title', 'sections'])) {
        useReport(await reportFromSource(asReport.source, config));
        continue;
      }
      const images = new Map<string, string>();
      const imageProblems = await resolveImages(read.text, path.dirname(file), images);
      for (const imageProblem of imageProblems) problem(imageProblem.message);
      if (imageProblems.length === 0) entry.paper = { kind: 'markdown', file, text: read.text, images };
    } else {
      useReport(await loadReport(file, config));
    }
  }
  return { appendices, problems };
}

function mergeParagraphs(...lists: Array<readonly number[] | undefined>): number[] {
  return [...new Set(lists.flatMap((list) => list ?? []))].sort((x, y) => x - y);
}
