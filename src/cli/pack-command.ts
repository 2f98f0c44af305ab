import type { CommonOptions } from './options.js';
import type { Reporter } from './reporter.js';
import { buildMeetings } from '../pipelines/build-meetings.js';
import { reportFailures, runBatch } from './batch.js';

/** `papers pack`: every meeting with one browser, a summary, and a non-zero exit if any failed. */
export async function runPackCommand(patterns: string[], options: CommonOptions & { out: string; root?: string; allowDraft?: boolean; republish?: boolean }, reporter: Reporter): Promise<number> {
  return runBatch(patterns, options, true, async (batch) => {
    const { config, configFor, files, printer } = batch;
    if (!printer) throw new Error('packs need a printer');
    const results = await buildMeetings(files, {
      outDir: options.out,
      root: options.root,
      allowDraft: options.allowDraft,
      republish: options.republish,
      config,
      configFor,
      printer,
      onProgress: ({ file, stage }) => reporter.progress(`${file}: ${stage}`, stage === 'done' || stage === 'failed'),
    });
    const rows = [['meeting', 'result', 'pages', 'seconds', 'files']];
    for (const result of results) {
      if (result.ok) rows.push([result.file, 'ok', result.publicPages === result.pages ? String(result.pages) : `${result.pages} (public ${result.publicPages})`, result.seconds.toFixed(2), result.outputs.join(' ')]);
      else rows.push([result.file, 'FAILED', '-', result.seconds.toFixed(2), '-']);
    }
    reporter.table(rows);
    // Clear-day and other warnings do not fail a meeting, but every clerk should see them.
    for (const result of results) {
      if (result.ok) reporter.problems(result.warnings.map((warning) => ({ ...warning, message: `warning: ${warning.message}` })));
    }
    for (const result of results) {
      if (result.ok) for (const note of result.notes) reporter.line(`${result.file}: ${note}`);
    }
    return reportFailures(reporter, results, batch, 'meeting(s)');
  });
}
