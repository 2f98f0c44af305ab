import path from 'node:path';

/** A path as the user would type it: relative to here when inside, absolute otherwise. */
export function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
