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
