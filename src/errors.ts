/** One thing wrong with an input, located so an author can go straight to it. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  /** Field path such as `implications[2].contact.email`; empty for whole-file problems. */
  path?: string;
  message: string;
}

export function formatProblem(problem: Problem): string {
  const place = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path ? `${place} ${problem.path}: ${problem.message}` : `${place}: ${problem.message}`;
}

/** Kinds of expected failure, so programs using the API can tell them apart. */
export type ErrorCode = 'INVALID_INPUT' | 'NO_BROWSER' | 'RENDER_FAILED' | 'PRINT_FAILED' | 'ASSEMBLY_FAILED' | 'WRITE_FAILED' | 'INTERRUPTED' | 'NO_PDF_TOOL' | 'NO_INPUT' | 'CONFIG' | 'PUBLISHED';

/** An expected failure: its message is for the user, so no stack trace is shown. */
export class PapersError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'PapersError';
  }
}

/** The code of an expected failure, or INTERNAL for anything else (a bug: its message says what). */
export function errorCodeOf(error: unknown): ErrorCode | 'INTERNAL' {
  return error instanceof PapersError ? error.code : 'INTERNAL';
}

/**
 * Exit status of the CLI for a failure that ends the whole run: 1 for any expected failure
 * (bad input, no browser, a failed print or write), 70 (EX_SOFTWARE) for a bug. Usage errors
 * exit 2, from the command-line parser, and a batch that built only some of its inputs exits 1.
 */
export function exitStatusOf(error: unknown): number {
  return errorCodeOf(error) === 'INTERNAL' ? 70 : 1;
}

export function describeError(error: unknown): string {
  if (error instanceof PapersError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
