import type { Problem } from '../errors.js';
import { loadSource } from '../load/source.js';
import type { CouncilConfig } from '../config/council.js';
import type { Report } from '../schema/report.js';
import { validateReport, type Validated } from '../validate/report.js';

/** Reads, parses and validates one report file, returning every problem found. */
export async function loadReport(file: string, config: CouncilConfig): Promise<Validated<Report>> {
  const parsed = await loadSource(file);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  return validateReport(parsed.source, config);
}

export type { Problem };
