import path from 'node:path';
import { PapersError } from '../errors.js';

/**
 * A file or folder name inside the output folder, taken from an input's name. Anything that
 * could lead out of the folder (separators, "..", a name of dots) is refused.
 */
export function outputPath(outDir: string, name: string, ...rest: string[]): string {
  if (!/^[^/\\\0]+$/.test(name) || /^\.+$/.test(name)) {
    throw new PapersError('INVALID_INPUT', `cannot name an output "${name}": expected a plain file name, taken from the input's name`);
  }
  const root = path.resolve(outDir);
  const target = path.resolve(root, name, ...rest);
  if (target !== root && !target.startsWith(root + path.sep)) {
    throw new PapersError('INVALID_INPUT', `the output ${target} would be outside the output folder ${root}`);
  }
  // Checked in absolute form; given back as the user wrote the folder, for readable summaries.
  return path.join(outDir, name, ...rest);
}

/** The output name of an input file: its file name without the data extension. */
export function outputNameOf(file: string): string {
  return path.basename(file).replace(/\.(ya?ml|json)$/i, '');
}

/**
 * Inputs whose output name an earlier input already has (`a/report.yaml` and `b/report.yaml`
 * would both write `report.pdf`), each mapped to that earlier input: they are refused rather
 * than silently overwriting its files.
 */
export function outputNameClashes(files: readonly string[]): Map<string, string> {
  const first = new Map<string, string>();
  const clashes = new Map<string, string>();
  for (const file of files) {
    const name = outputNameOf(file);
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, file);
    else clashes.set(file, earlier);
  }
  return clashes;
}
