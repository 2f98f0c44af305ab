import { formatProblem, type Problem } from '../errors.js';

/** Where the reporter writes: a process stream, or a capture in tests. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Progress on a terminal (one rewritten line), plain lines otherwise; summaries on stdout. */
export class Reporter {
  private lastWasProgress = false;
  /** Every stage on a non-terminal too (--verbose), not only each file's end. */
  verbose = false;

  constructor(
    private readonly out: TextSink = process.stdout,
    private readonly err: TextSink = process.stderr,
  ) {}

  get interactive(): boolean {
    return Boolean(this.err.isTTY);
  }

  /**
   * A stage of a file's build. On a terminal every stage rewrites one line; elsewhere (a log, a
   * pipe) only a file's end is written, one line a file, so 50 reports make 50 lines, not 200.
   */
  progress(text: string, finished = true): void {
    if (this.interactive) {
      this.err.write(`\r\x1b[2K${text}`);
      this.lastWasProgress = true;
    } else if (finished || this.verbose) {
      this.err.write(`${text}\n`);
    }
  }

  /** Text exactly as given (help, usage errors). */
  write(text: string): void {
    this.endProgress();
    this.out.write(text);
  }

  writeError(text: string): void {
    this.endProgress();
    this.err.write(text);
  }

  line(text: string): void {
    this.endProgress();
    this.out.write(`${text}\n`);
  }

  error(text: string): void {
    this.endProgress();
    this.err.write(`${text}\n`);
  }

  problems(problems: readonly Problem[]): void {
    for (const problem of problems) this.error(formatProblem(problem));
  }

  table(rows: readonly string[][]): void {
    const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
    for (const row of rows)
      this.line(
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd(),
      );
  }

  private endProgress(): void {
    if (this.lastWasProgress) {
      this.err.write('\r\x1b[2K');
      this.lastWasProgress = false;
    }
  }
}
