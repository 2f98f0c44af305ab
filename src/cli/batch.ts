import { PapersError, batchExitStatus, type ErrorCode, type Problem } from '../errors.js';
import type { CouncilConfig } from '../schema/council.js';
import { StyleChooser } from '../config/styles.js';
import { expandInputs } from '../load/expand-inputs.js';
import { Printer } from '../print/printer.js';
import { cleanUpOnInterrupt, forcedStyle, type CommonOptions } from './options.js';

/** --timeout when not given: a minute for one document to print, or one pack to be assembled. */
const DEFAULT_TIMEOUT_MS = 60_000;
import type { Reporter } from './reporter.js';

export interface Batch {
  /** The style given on the command line, or the shipped one. */
  config: CouncilConfig;
  /** Each file's: the command line's style, else the one the file names (style:), else the shipped one. */
  configFor: (file: string) => Promise<CouncilConfig>;
  files: string[];
  printer: Printer | undefined;
  /** Browser restarts during this run (a lent printer has a count of its own from earlier runs). */
  restarts: () => number;
}

/**
 * The frame of every building command: the browser starts first (its launch overlaps reading
 * the inputs), Ctrl-C cleans up, and the browser is closed however the run ends.
 */
export async function runBatch(patterns: string[], options: CommonOptions & { root?: string | undefined }, needsBrowser: boolean, work: (batch: Batch) => Promise<number>): Promise<number> {
  const lent = options.lentPrinter && options.browser === undefined && options.timeout === undefined ? options.lentPrinter : undefined;
  const printer = needsBrowser ? (lent ?? new Printer({ browserPath: options.browser, timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS })) : undefined;
  // A lent browser is already running, or starts with its first print: a run that fails fast leaves no launch behind.
  if (printer !== lent) printer?.warmUp();
  const restartsBefore = printer?.restarts ?? 0;
  const stopOnInterrupt = cleanUpOnInterrupt(printer);
  try {
    // --root, where the command takes it, is also where a folder named by a file's style: must lie.
    const styles = new StyleChooser(forcedStyle(options), process.cwd(), options.root);
    const config = await styles.configFor(undefined);
    const files = await expandInputs(patterns);
    if (files.length === 0) throw new PapersError('NO_INPUT', `no files match ${patterns.join(' ')}`);
    return await work({ config, configFor: (file) => styles.configFor(file), files, printer, restarts: () => (printer?.restarts ?? 0) - restartsBefore });
  } finally {
    stopOnInterrupt();
    if (printer !== lent) await printer?.close();
  }
}

type Outcome = { file: string; ok: true } | { file: string; ok: false; problems: Problem[]; error?: string; code?: ErrorCode | 'INTERNAL' };

/** After the summary table: each failure's problems, the browser's restarts and sandbox, and the exit status (see batchExitStatus). */
export function reportFailures(reporter: Reporter, results: readonly Outcome[], batch: Pick<Batch, 'printer' | 'restarts'>, noun: string): number {
  const failed = results.filter((result): result is Extract<Outcome, { ok: false }> => !result.ok);
  for (const result of failed) {
    reporter.problems(result.problems);
    if (result.error) reporter.error(`${result.file}: ${result.error}`);
  }
  if (batch.restarts() > 0) reporter.error(`the browser was restarted ${batch.restarts()} time(s) during this run`);
  if (batch.printer?.sandboxWarning) reporter.error(`warning: ${batch.printer.sandboxWarning}`);
  if (failed.length > 0) reporter.error(`${failed.length} of ${results.length} ${noun} failed; nothing was written for them`);
  // Non-zero when any failed, however many were built: the status of the worst failure (src/errors.ts).
  return batchExitStatus(failed.map((result) => result.code ?? 'INVALID_INPUT'));
}
