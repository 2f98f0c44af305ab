import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { PapersError, formatProblem } from '../errors.js';
import { parseSource } from '../load/source.js';
import { problemsFromIssues } from '../validate/issues.js';
import { councilConfigSchema, type CouncilConfig } from '../schema/council.js';
import { readStyleText } from './style-files.js';

/** The templates shipped with the package; a council may point to its own copy. */
export const DEFAULT_TEMPLATES_DIR = findShippedTemplates(path.dirname(fileURLToPath(import.meta.url)));

/** The nearest ancestor's templates/ folder: the same from src/, dist/ or a bench build. */
function findShippedTemplates(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'templates', 'council.yaml'))) return path.join(dir, 'templates');
    if (path.dirname(dir) === dir) return path.join(from, '..', '..', 'templates');
  }
}

/** Loads `council.yaml` from a templates folder. */
export async function loadCouncilConfig(templatesDir: string = DEFAULT_TEMPLATES_DIR): Promise<CouncilConfig> {
  const file = path.join(templatesDir, 'council.yaml');
  // Inside the style folder, a regular file, read with a limit: as the data is read.
  const text = await readStyleText(templatesDir, file);
  const parsed = parseSource(file, text);
  if (!parsed.ok) throw new PapersError('CONFIG', parsed.problems.map(formatProblem).join('\n'), parsed.problems);
  const result = councilConfigSchema.safeParse(parsed.source.data);
  if (!result.success) {
    const problems = problemsFromIssues(parsed.source, result.error.issues, councilConfigSchema);
    throw new PapersError('CONFIG', problems.map(formatProblem).join('\n'), problems);
  }
  // Labels added in later versions fall back to the shipped wording, so a council's older copy still works.
  const shipped = templatesDir === DEFAULT_TEMPLATES_DIR ? {} : (await loadCouncilConfig(DEFAULT_TEMPLATES_DIR)).labels;
  return { ...result.data, labels: { ...shipped, ...result.data.labels }, templatesDir };
}
