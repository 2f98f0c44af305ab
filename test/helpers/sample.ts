import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { loadCouncilConfig, type CouncilConfig } from '../../src/config/council.js';
import { parseSource } from '../../src/load/source.js';
import { validateReport } from '../../src/validate/report.js';
import type { Report } from '../../src/schema/report.js';

export const SAMPLE_REPORT = 'data/reports/commissioning-protocol.yaml';

/** The sample report as plain data, to be changed by a test. */
export function sampleReportData(): Record<string, unknown> {
  return parse(readFileSync(SAMPLE_REPORT, 'utf8')) as Record<string, unknown>;
}

export async function validReport(data: Record<string, unknown> = sampleReportData(), config?: CouncilConfig): Promise<Report> {
  config ??= await loadCouncilConfig();
  const parsed = parseSource('test.yaml', stringify(data));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const result = validateReport(parsed.source, config);
  if (!result.ok) throw new Error(result.problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
  return result.value;
}
