import type { Problem } from '../errors.js';
import type { PathSegment, SourceDocument } from '../load/source-document.js';
import { reportSchema, reportSchemaFor, type Report } from '../schema/report.js';
import type { CouncilConfig } from '../schema/council.js';
import { formatPath, problemsFromIssues } from './issues.js';
import { placeholderProblems, withPlaceholders } from './placeholders.js';

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Checks a parsed report against the schema and the council's rules, reporting every problem. */
export function validateReport(source: SourceDocument, config: CouncilConfig): Validated<Report> {
  if (looksLike(source.data, ['committee', 'items'])) {
    return { ok: false, problems: [{ file: source.file, ...source.locate([]), message: 'this is a meeting (it has committee and items), not a report: a meeting is built as an agenda pack (papers pack)' }] };
  }
  // The style's schema says what is wrong; the common one types what is right (the style's is stricter).
  const styleSchema = reportSchemaFor(config.report);
  const checked = styleSchema.safeParse(source.data);
  const parsed = checked.success ? reportSchema.safeParse(source.data) : checked;
  // Cross-field rules run on the raw data too, so they are reported with the schema's problems.
  const ruleProblems = checkReportRules(source, config);
  const problems = withPlaceholders([...(parsed.success ? [] : problemsFromIssues(source, parsed.error.issues, styleSchema)), ...ruleProblems], placeholderProblems(source));
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: sortByPlace(problems) };
  return { ok: true, value: parsed.data };
}

type RawReport = Partial<Record<keyof Report, unknown>>;

/** Rules between fields, and the council's own rules from its configuration. */
function checkReportRules(source: SourceDocument, config: CouncilConfig): Problem[] {
  if (!source.data || typeof source.data !== 'object' || Array.isArray(source.data)) return [];
  const data = source.data as RawReport;
  const problems: Problem[] = [];
  const report = (path: PathSegment[], message: string) => {
    const at = source.locate(path);
    problems.push({ file: source.file, line: at.line, column: at.column, path: formatPath(path), message });
  };
  if (data.classification === 'exempt' && data.exemptParagraphs === undefined) {
    report(['exemptParagraphs'], 'required for an exempt report: expected the Schedule 12A paragraph number(s), for example [3]');
  }
  if ((data.classification === undefined || data.classification === 'public') && data.exemptParagraphs !== undefined) {
    report(['classification'], 'expected "exempt" when exemptParagraphs are given');
  }
  if (data.keyDecision === true && data.forwardPlanReference === undefined) {
    report(['forwardPlanReference'], 'required for a key decision: expected its forward plan reference');
  }
  if (Array.isArray(data.implications)) {
    const headings = new Set(data.implications.map((row: unknown) => normalise((row as { heading?: unknown } | null)?.heading)));
    for (const heading of config.requiredImplications.filter((required) => !headings.has(normalise(required)))) {
      report(['implications'], `missing the "${heading}" row, which this council requires in every report`);
    }
  }
  return problems;
}

function normalise(heading: unknown): string {
  return typeof heading === 'string' ? heading.toLowerCase().replace(/\s+/g, ' ').trim() : '';
}

function sortByPlace(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** Whether data has all these top-level fields: a file of the other kind given by mistake. */
export function looksLike(data: unknown, fields: readonly string[]): boolean {
  return Boolean(data && typeof data === 'object' && !Array.isArray(data) && fields.every((field) => field in data));
}
