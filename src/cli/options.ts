import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from '../pipelines/build-reports.js';
import type { Printer } from '../print/printer.js';
import { stopWritesAndClean } from '../output/write-atomic.js';
import { releaseFolderLocks } from '../output/folder-lock.js';
import { stopAssembly } from '../assemble/pdf/finish-in-worker.js';
import { stopQpdf } from '../load/qpdf.js';

/** Options every command takes, as commander has parsed and checked them. */
export interface CommonOptions {
  /** --style: a style's name or folder, for every file. */
  style?: string;
  /** --templates: a style folder (the older name of --style DIR). */
  templates?: string;
  browser?: string;
  /** Milliseconds (given in seconds on the command line). */
  timeout?: number;
  /**
   * Not an option: a browser lent by the program running the CLI (the tests), used when the
   * command line asks for no browser or time limit of its own, and left open at the end.
   */
  lentPrinter?: Printer;
}

/** --format: commander reports a bad value as a usage error (exit status 2). */
export function parseFormats(value: string): OutputFormat[] {
  const formats = value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  const known = (format: string): format is OutputFormat => (OUTPUT_FORMATS as readonly string[]).includes(format);
  if (formats.length === 0 || !formats.every(known)) throw new InvalidArgumentError(`expected one or more of ${OUTPUT_FORMATS.join(', ')}, separated by commas; got "${value}"`);
  return formats;
}

/** --port: a TCP port; 0 or none for a free one. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`expected a port number from 1 to 65535; got "${value}"`);
  return port;
}

/** --timeout in seconds, to milliseconds; a bad value is a usage error. */
export function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError(`expected a number of seconds; got "${value}"`);
  return seconds * 1000;
}

/** Ctrl-C closes the browser, ends any pack assembly and qpdf run, removes half-written temporary files and releases the output folders' locks before exiting. */
export function cleanUpOnInterrupt(printer: Printer | undefined): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    stopQpdf();
    // A lock goes once the writes under way have finished or failed (an exit hook releases it too).
    void Promise.allSettled([stopWritesAndClean().finally(releaseFolderLocks), stopAssembly(), printer?.close()]).then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** The style every file is built with when the command line gives one (--style, or --templates as a folder). */
export function forcedStyle(options: { style?: string | undefined; templates?: string | undefined }): string | undefined {
  return options.style ?? (options.templates ? path.resolve(options.templates) : undefined);
}
