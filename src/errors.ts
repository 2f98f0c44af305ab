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
export type ErrorCode = 'INVALID_INPUT' | 'NO_BROWSER' | 'RENDER_FAILED' | 'PRINT_FAILED' | 'ASSEMBLY_FAILED' | 'WRITE_FAILED' | 'INTERRUPTED' | 'NO_PDF_TOOL' | 'NO_INPUT' | 'CONFIG' | 'PUBLISHED' | 'BUSY';

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
 * Exit status of the CLI for each kind of failure, so a script can tell them apart (README,
 * "Exit status"). Where sysexits.h has a fitting code it is used; the tool's own kinds of
 * failure have small codes of their own. 0 is success and 2 a usage error (from the
 * command-line parser, not an ErrorCode).
 *
 * | status | kind |
 * | --- | --- |
 * | 1 | INVALID_INPUT: an input has problems (each listed with its place) |
 * | 3 | PUBLISHED: the build would change a published pack (--republish) |
 * | 4 | RENDER_FAILED: a document could not be rendered |
 * | 5 | PRINT_FAILED: printing failed twice (a crash or --timeout) |
 * | 6 | ASSEMBLY_FAILED: a pack could not be assembled (or past --timeout) |
 * | 66 | NO_INPUT (EX_NOINPUT): no file matches |
 * | 69 | NO_BROWSER (EX_UNAVAILABLE): no browser, or it will not start |
 * | 72 | NO_PDF_TOOL (EX_OSFILE): qpdf, needed for PDF papers, cannot be run |
 * | 73 | WRITE_FAILED (EX_CANTCREAT): the output cannot be written |
 * | 75 | BUSY (EX_TEMPFAIL): another build is writing the same output folder |
 * | 78 | CONFIG (EX_CONFIG): a style or council configuration is wrong |
 * | 70 | INTERNAL (EX_SOFTWARE): a bug |
 * | 130 | INTERRUPTED: stopped by Ctrl-C (SIGTERM exits 143) |
 */
export const EXIT_STATUS: Readonly<Record<ErrorCode | 'INTERNAL', number>> = {
  INVALID_INPUT: 1,
  PUBLISHED: 3,
  RENDER_FAILED: 4,
  PRINT_FAILED: 5,
  ASSEMBLY_FAILED: 6,
  NO_INPUT: 66,
  NO_BROWSER: 69,
  NO_PDF_TOOL: 72,
  WRITE_FAILED: 73,
  BUSY: 75,
  CONFIG: 78,
  INTERNAL: 70,
  INTERRUPTED: 130,
};

/** The exit status of a failure that ends the whole run (see EXIT_STATUS). */
export function exitStatusOf(error: unknown): number {
  return EXIT_STATUS[errorCodeOf(error)];
}

/**
 * Which failure a batch's exit status reports when its inputs failed in different ways: the
 * first of these present. An interrupt, then a bug, then what stops every input alike (the
 * machine, the configuration, the output folder), then a stage of one input, then its data.
 */
const PRECEDENCE: ReadonlyArray<ErrorCode | 'INTERNAL'> = [
  'INTERRUPTED',
  'INTERNAL',
  'NO_BROWSER',
  'NO_PDF_TOOL',
  'CONFIG',
  'WRITE_FAILED',
  'BUSY',
  'ASSEMBLY_FAILED',
  'PRINT_FAILED',
  'RENDER_FAILED',
  'PUBLISHED',
  'NO_INPUT',
  'INVALID_INPUT',
];

/**
 * Exit status of a batch in which these inputs failed (some may have been built): 0 when none
 * did, else the status of the most serious kind among them (see PRECEDENCE), never 0.
 */
export function batchExitStatus(failures: ReadonlyArray<ErrorCode | 'INTERNAL'>): number {
  if (failures.length === 0) return 0;
  const worst = PRECEDENCE.find((code) => failures.includes(code)) ?? 'INTERNAL';
  return EXIT_STATUS[worst];
}

/** How a file's failure is reported: the located problems a PapersError carries (file:line:column), else its message. */
export function failureOf(error: unknown): { problems: Problem[]; error?: string } {
  return error instanceof PapersError && error.problems.length > 0 ? { problems: error.problems } : { problems: [], error: describeError(error) };
}

export function describeError(error: unknown): string {
  if (error instanceof PapersError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
