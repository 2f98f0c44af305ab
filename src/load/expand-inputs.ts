import { glob, isDynamicPattern } from 'tinyglobby';

/**
 * Expands globs in order, keeping plain paths as given (a missing file is then reported
 * by the loader with its name), and drops duplicates.
 */
export async function expandInputs(patterns: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) files.push(...(await glob(pattern, { onlyFiles: true, expandDirectories: false })).sort());
    else files.push(pattern);
  }
  return [...new Set(files)];
}
