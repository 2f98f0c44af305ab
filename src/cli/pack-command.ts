import path from 'node:path';
import { cleanUpOnInterrupt, parseTimeout, type CommonOptions } from './options.js';
import type { Reporter } from './reporter.js';
import { PapersError } from '../errors.js';
import { loadCouncilConfig } from '../config/council.js';
import { expandInputs } from '../load/expand-inputs.js';
import { Printer } from '../print/printer.js';
import { buildMeetings } from '../build/build-meetings.js';

/** `papers pack`: every meeting with one browser, a summary, and a non-zero exit if any failed. */
export async function runPackCommand(patterns: string[], options: CommonOptions & { out: string }, reporter: Reporter): Promise<number> {
  // The browser starts first, so its launch overlaps reading and checking the meetings.
  const printer = new Printer({ browserPath: options.browser, timeoutMs: parseTimeout(options.timeout) });
  printer.warmUp();
  const stopOnInterrupt = cleanUpOnInterrupt(printer);
  try {
    const config = await loadCouncilConfig(options.templates ? path.resolve(options.templates) : undefined);
    const files = await expandInputs(patterns);
    if (files.length === 0) throw new PapersError('NO_INPUT', `no files match ${patterns.join(' ')}`);
    const results = await buildMeetings(files, {
      outDir: options.out,
      config,
      printer,
      onProgress: ({ file, stage }) => reporter.progress(`${file}: ${stage}`),
    });
    const rows = [['meeting', 'result', 'pages', 'seconds', 'files']];
    for (const result of results) {
      if (result.ok) rows.push([result.file, 'ok', result.publicPages === result.pages ? String(result.pages) : `${result.pages} (public ${result.publicPages})`, result.seconds.toFixed(2), result.outputs.join(' ')]);
      else rows.push([result.file, 'FAILED', '-', result.seconds.toFixed(2), '-']);
    }
    reporter.table(rows);
    for (const result of results) {
      if (result.ok) {
        for (const warning of result.warnings) reporter.problems([{ ...warning, message: `warning: ${warning.message}` }]);
        continue;
      }
      reporter.problems(result.problems);
      if (result.error) reporter.error(`${result.file}: ${result.error}`);
    }
    if (printer.restarts > 0) reporter.error(`the browser was restarted ${printer.restarts} time(s) during this run`);
    const failed = results.filter((result) => !result.ok).length;
    if (failed > 0) reporter.error(`${failed} of ${results.length} meeting(s) failed; nothing was written for them`);
    return failed > 0 ? 1 : 0;
  } finally {
    stopOnInterrupt();
    await printer.close();
  }
}
