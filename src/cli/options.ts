import { PapersError } from '../errors.js';
import type { OutputFormat } from '../build/build-reports.js';
import type { Printer } from '../print/printer.js';
import { stopWritesAndClean } from '../output/write-atomic.js';
import { stopAssembly } from '../assemble/pdf/finish-in-worker.js';
import { stopQpdf } from '../load/qpdf.js';

/** Options every command takes. */
export interface CommonOptions {
  templates?: string;
  browser?: string;
  timeout?: string;
}

export function parseFormats(value: string): OutputFormat[] {
  const formats = value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  const unknown = formats.filter((format) => format !== 'html' && format !== 'pdf');
  if (unknown.length > 0 || formats.length === 0) throw new PapersError('CONFIG', `--format: expected html, pdf or html,pdf; got "${value}"`);
  return formats as OutputFormat[];
}

export function parseTimeout(value: string | undefined): number {
  const seconds = Number(value ?? '60');
  if (!Number.isFinite(seconds) || seconds <= 0) throw new PapersError('CONFIG', `--timeout: expected a number of seconds; got "${value}"`);
  return seconds * 1000;
}

/** Ctrl-C closes the browser, ends any pack assembly and qpdf run, and removes half-written temporary files before exiting. */
export function cleanUpOnInterrupt(printer: Printer | undefined): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    stopQpdf();
    void Promise.allSettled([stopWritesAndClean(), stopAssembly(), printer?.close()]).then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
