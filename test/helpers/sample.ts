import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadCouncilConfig } from '../../src/config/council.js';
import type { CouncilConfig } from '../../src/schema/council.js';
import { parseSource } from '../../src/load/source.js';
import { validateReport } from '../../src/validate/report.js';
import type { Report } from '../../src/schema/report.js';

export const SAMPLE_REPORT = 'data/reports/commissioning-protocol.yaml';

/** The sample report as its file holds it (appendix files relative to data/reports/). */
export function sampleReportFileData(): Record<string, unknown> {
  return parse(readFileSync(SAMPLE_REPORT, 'utf8')) as Record<string, unknown>;
}

/**
 * The sample report as plain data, to be changed by a test and written anywhere: its appendix
 * files named by absolute path, so a copy in a temporary folder is still built whole.
 */
export function sampleReportData(): Record<string, unknown> {
  const data = sampleReportFileData();
  const appendices = (data.appendices ?? []) as Array<{ file?: string }>;
  for (const appendix of appendices) if (appendix.file) appendix.file = path.resolve(path.dirname(SAMPLE_REPORT), appendix.file);
  return data;
}

/** Writes the sample report (see sampleReportData) to `file`, for tests that build a copy. */
export async function writeSampleReport(file: string): Promise<void> {
  await writeFile(file, file.endsWith('.json') ? JSON.stringify(sampleReportData()) : stringify(sampleReportData()));
}

export async function validReport(data: Record<string, unknown> = sampleReportData(), config?: CouncilConfig): Promise<Report> {
  config ??= await loadCouncilConfig();
  const parsed = parseSource('test.yaml', stringify(data));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const result = validateReport(parsed.source, config);
  if (!result.ok) throw new Error(result.problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
  return result.value;
}
