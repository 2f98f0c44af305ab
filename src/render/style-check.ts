import path from 'node:path';
import { parse } from 'yaml';
import { distance } from 'fastest-levenshtein';
import { describeError } from '../errors.js';
import { DEFAULT_TEMPLATES_DIR, loadCouncilConfig } from '../config/council.js';
import { readStyleText } from '../config/style-files.js';
import type { CouncilConfig } from '../schema/council.js';
import { labelKeysIn, labelsMissing, logoDataUri, styleSources, type StyleSources } from './templates.js';

export interface StyleCheck {
  description: string | undefined;
  /** What stops the style from being used: its configuration is invalid, or a template names a label it lacks. */
  problems: string[];
  /** Labels of its own that nothing uses: usually a misspelt key, whose wording is then never printed. */
  unusedLabels: string[];
}

/**
 * Checks a style folder as it loads: its configuration, and every label its templates name. Its
 * own labels that no template and no shipped wording uses are reported (a misspelt key would
 * otherwise be silently ignored, and the shipped wording printed instead).
 */
export async function checkStyle(dir: string): Promise<StyleCheck> {
  let config: CouncilConfig;
  try {
    config = await loadCouncilConfig(dir);
  } catch (error) {
    return { description: undefined, problems: [describeError(error)], unusedLabels: [] };
  }
  // A file the style cannot use (outside its folder, not a regular file, too large) stops it here, as when it is used.
  let sources: StyleSources;
  try {
    sources = await styleSources(dir);
    if (config.logo) await logoDataUri(dir, config.logo);
  } catch (error) {
    return { description: config.description, problems: [describeError(error)], unusedLabels: [] };
  }
  const problems = labelsMissing(sources, config.labels).map((entry) => `${entry.file}: uses the label ${entry.key}, which ${path.join(dir, 'council.yaml')} does not have under labels`);
  const shipped = dir === DEFAULT_TEMPLATES_DIR ? new Set<string>() : new Set(Object.keys((await loadCouncilConfig(DEFAULT_TEMPLATES_DIR)).labels));
  const used = new Set([...sources.templates.values(), ...sources.partials.values()].flatMap((source) => labelKeysIn(source.text)));
  const own = Object.keys((parse(await readStyleText(dir, path.join(dir, 'council.yaml'))) as { labels?: Record<string, unknown> } | null)?.labels ?? {});
  const known = [...new Set([...shipped, ...used])];
  const unusedLabels =
    dir === DEFAULT_TEMPLATES_DIR
      ? []
      : own
          .filter((key) => !shipped.has(key) && !used.has(key))
          .map((key) => {
            const near = known.find((candidate) => distance(candidate, key) <= 2);
            return `${path.join(dir, 'council.yaml')}: labels.${key} is used by no template${near ? ` (did you mean ${near}?)` : ''}`;
          });
  return { description: config.description, problems, unusedLabels };
}
