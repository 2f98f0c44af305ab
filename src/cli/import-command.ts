import { StyleChooser } from '../config/styles.js';
import { forcedStyle } from './options.js';
import type { Reporter } from './reporter.js';
import { shownPath } from './shown-path.js';

/** Imports a Word report; exit 0 when the data file written is ready to build, 1 when it needs work (every reason listed). */
export async function runImport(docx: string, options: { style?: string; templates?: string; out?: string; force?: boolean }, reporter: Reporter): Promise<number> {
  const config = await new StyleChooser(forcedStyle(options)).configFor(undefined);
  // Loaded when asked for: the Word reader is large, and other commands start faster without it.
  const { importReportFile } = await import('../word/import-report-file.js');
  const result = await importReportFile(docx, { config, out: options.out, force: options.force });
  reporter.line(`${docx}: imported to ${shownPath(result.dataFile)}${result.images.length > 0 ? ` with ${result.images.length} picture(s)` : ''}`);
  for (const note of result.notes) reporter.line(`${docx}: ${note.where}: ${note.message}`);
  if (result.problems.length > 0) {
    reporter.problems(result.problems);
    reporter.error(`the imported report is not ready to build: ${result.problems.length} problem(s), listed above; the notes say where to look in the Word document`);
    return 1;
  }
  reporter.line(`${shownPath(result.dataFile)}: valid${result.notes.length > 0 ? `; ${result.notes.length} note(s) to look at, also written into it as comments` : ''}`);
  return 0;
}
