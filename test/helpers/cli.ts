import { main } from '../../src/cli/main.js';
import { Reporter, type TextSink } from '../../src/cli/reporter.js';
import { sharedPrinter } from './shared-browser.js';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process, capturing what it prints, with the worker's browser lent to it. */
export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out: TextSink = { write: (text: string) => (stdout += text) };
  const err: TextSink = { write: (text: string) => (stderr += text) };
  const status = await main(args, new Reporter(out, err), { printer: sharedPrinter() });
  return { status, stdout, stderr };
}
