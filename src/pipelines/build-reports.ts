import path from 'node:path';
import { errorCodeOf, failureOf, type ErrorCode, type Problem } from '../errors.js';
import type { CouncilConfig } from '../schema/council.js';
import { renderReportHtml } from '../render/report-html.js';
import { loadTemplates } from '../render/templates.js';
import { exemptMarkNotes } from '../render/report-appendices-view.js';
import type { Printer } from '../print/printer.js';
import { writeFilesTogether } from '../output/write-atomic.js';
import { outputNameClashes, outputNameOf, outputPath } from '../output/output-path.js';
import { loadReport } from '../report/load-report.js';
import { printReportPdf } from '../assemble/report-pdf.js';
import { loadReportAppendices, type LoadedAppendix } from '../report/report-appendices.js';

export const OUTPUT_FORMATS = ['html', 'pdf', 'docx'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface BuildReportsOptions {
  outDir: string;
  formats: readonly OutputFormat[];
  config: CouncilConfig;
  /** The configuration of each file's style, when files may name their own (see StyleChooser); default: config for all. */
  configFor?: ((file: string) => Promise<CouncilConfig>) | undefined;
  /** Needed only for PDF; one printer serves the whole run. */
  printer?: Printer;
  /** Render each report with its appendices' papers (default), as its author will see it in the pack. */
  appendices?: boolean;
  onProgress?: (event: { file: string; stage: 'validate' | 'render' | 'print' | 'done' | 'failed' }) => void;
}

export type BuildResult =
  | { file: string; ok: true; outputs: string[]; pages?: number; seconds: number; warnings: Problem[] }
  | { file: string; ok: false; problems: Problem[]; error?: string; code?: ErrorCode | 'INTERNAL'; seconds: number };

/**
 * Builds each report; a failing report is recorded and the rest go on. Rendering of the next
 * report overlaps with printing of the current one (the printer queues its jobs).
 */
export async function buildReports(files: readonly string[], options: BuildReportsOptions): Promise<BuildResult[]> {
  const results: BuildResult[] = new Array(files.length);
  const clashes = outputNameClashes(files);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index] as string;
      const earlier = clashes.get(file);
      results[index] = earlier
        ? { file, ok: false, problems: [], error: `its output name "${outputNameOf(file)}" is already taken by ${earlier} in this run; build them into different --out folders`, code: 'INVALID_INPUT', seconds: 0 }
        : await buildOne(file, options);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

async function buildOne(file: string, options: BuildReportsOptions): Promise<BuildResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const progress = (stage: 'validate' | 'render' | 'print' | 'done' | 'failed') => options.onProgress?.({ file, stage });
  try {
    progress('validate');
    const config = options.configFor ? await options.configFor(file) : options.config;
    const loaded = await loadReport(file, config);
    if (!loaded.ok) {
      progress('failed');
      return { file, ok: false, problems: loaded.problems, code: 'INVALID_INPUT', seconds: seconds() };
    }
    let appendices: LoadedAppendix[] | undefined;
    if (options.appendices !== false && loaded.value.appendices.some((appendix) => appendix.file)) {
      const read = await loadReportAppendices(loaded.value, file, config, loaded.locate);
      if (read.problems.length > 0) {
        progress('failed');
        return { file, ok: false, problems: read.problems, code: 'INVALID_INPUT', seconds: seconds() };
      }
      appendices = read.appendices;
    }
    progress('render');
    const html = await renderReportHtml(loaded.value, config, loaded.images, appendices ? { list: appendices, forPrint: false } : undefined);
    // A PDF appendix is a note on the web page and its reserved pages in the print.
    const printHtml = appendices?.some((appendix) => appendix.paper?.kind === 'pdf') ? undefined : html;
    const base = outputPath(options.outDir, outputNameOf(file));
    let pages: number | undefined;
    // The loader's, what is marked NOT FOR PUBLICATION, and the printing's (a PDF appendix's form value that could not be drawn).
    const warnings = [...loaded.warnings];
    // An author who forwards an exempt appendix's pages publishes them: told which are marked, once each.
    const printsAppendices = options.formats.includes('html') || options.formats.includes('pdf');
    for (const note of exemptMarkNotes(loaded.value, printsAppendices ? (appendices ?? []) : [], await loadTemplates(config))) {
      const at = loaded.locate(note.appendix === undefined ? ['classification'] : ['appendices', note.appendix - 1]);
      warnings.push({ file, line: at.line, column: at.column, path: note.appendix === undefined ? 'classification' : `appendices[${note.appendix - 1}]`, message: note.message });
    }
    // Print before writing anything, so a failed print leaves no half of the pair behind.
    let pdf: Uint8Array | undefined;
    if (options.formats.includes('pdf')) {
      if (!options.printer) throw new Error('PDF output needs a printer');
      progress('print');
      const finished = await printReportPdf(loaded.value, config, options.printer, loaded.images, printHtml, appendices);
      pdf = finished.bytes;
      pages = finished.pages;
      warnings.push(...finished.warnings);
    }
    // The Word writer is loaded only when Word is asked for (it is large; HTML and PDF builds start faster without it).
    const docx = options.formats.includes('docx') ? await (await import('../word/report-docx.js')).renderReportDocx(loaded.value, config, loaded.images) : undefined;
    // The HTML, the PDF and the Word document appear together or not at all.
    const files = [
      ...(options.formats.includes('html') ? [{ name: `${path.basename(base)}.html`, data: html }] : []),
      ...(pdf ? [{ name: `${path.basename(base)}.pdf`, data: pdf }] : []),
      ...(docx ? [{ name: `${path.basename(base)}.docx`, data: docx }] : []),
    ];
    await writeFilesTogether(path.dirname(base), files);
    const outputs = files.map((output) => path.join(path.dirname(base), output.name));
    progress('done');
    return { file, ok: true, outputs, ...(pages === undefined ? {} : { pages }), seconds: seconds(), warnings };
  } catch (error) {
    progress('failed');
    return { file, ok: false, ...failureOf(error), code: errorCodeOf(error), seconds: seconds() };
  }
}
