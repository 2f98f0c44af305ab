import { existsSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { isScalar, LineCounter, parseDocument } from 'yaml';
import { distance } from 'fastest-levenshtein';
import { PapersError, describeError, formatProblem, type Problem } from '../errors.js';
import { readConfined } from '../load/read-confined.js';
import { MAX_INPUT_BYTES } from '../load/source.js';
import { DEFAULT_TEMPLATES_DIR, loadCouncilConfig } from './council.js';
import { isInside } from './style-files.js';
import type { CouncilConfig } from '../schema/council.js';

/** The style the shipped templates folder is: the seed report's council. */
export const DEFAULT_STYLE = 'cheltenham';

/** How a style folder is named to a person: cheltenham for the shipped templates, else its folder's name. */
export function styleNameOf(dir: string): string {
  return dir === DEFAULT_TEMPLATES_DIR ? DEFAULT_STYLE : path.basename(dir);
}

/** The package's other styles, each a folder beside templates/. */
export const SHIPPED_STYLES_DIR = path.join(path.dirname(DEFAULT_TEMPLATES_DIR), 'styles');

/** A council's own styles, each a folder in ./styles of the folder papers is run in. */
export function localStylesDir(cwd = process.cwd()): string {
  return path.join(cwd, 'styles');
}

export interface StyleEntry {
  name: string;
  dir: string;
  where: 'shipped' | 'local';
  /** A local folder of this name that the shipped style hides (the name finds the shipped one). */
  hides?: string;
}

/** Every style a name can choose: the shipped ones, then the local ones (a local one may not reuse a shipped name). */
export async function listStyles(cwd = process.cwd()): Promise<StyleEntry[]> {
  const entries: StyleEntry[] = [{ name: DEFAULT_STYLE, dir: DEFAULT_TEMPLATES_DIR, where: 'shipped' }];
  const folders = async (dir: string) =>
    (await readdir(dir, { withFileTypes: true }).catch(() => []))
      .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'council.yaml')))
      .map((entry) => entry.name)
      .sort();
  for (const name of await folders(SHIPPED_STYLES_DIR)) entries.push({ name, dir: path.join(SHIPPED_STYLES_DIR, name), where: 'shipped' });
  const local = localStylesDir(cwd);
  if (path.resolve(local) !== path.resolve(SHIPPED_STYLES_DIR)) {
    for (const name of await folders(local)) {
      const shipped = entries.find((entry) => entry.name === name);
      if (shipped) shipped.hides = path.join(local, name);
      else entries.push({ name, dir: path.join(local, name), where: 'local' });
    }
  }
  return entries;
}

/**
 * The folder of a style given by name (a shipped or local style) or as a folder (a path, taken
 * from `base`: the current folder for --style, the file's folder for `style:` in a file). A
 * folder a file names must lie inside `root`, its data folder (symbolic links resolved), so data
 * cannot bring templates from elsewhere; --style, the user's own choice, is given no root.
 */
export async function resolveStyle(spec: string, base = process.cwd(), cwd = process.cwd(), root?: string): Promise<string> {
  const looksLikePath = spec.includes('/') || spec.includes(path.sep) || spec.startsWith('.');
  if (looksLikePath) {
    const dir = path.resolve(base, spec);
    if (root !== undefined) {
      // Checked before anything is said of the folder, so a file cannot probe what lies outside.
      const [realRoot, realDir] = await Promise.all([realpath(root), realpath(dir)]).catch(() => [path.resolve(root), dir]);
      if (!isInside(realDir, realRoot)) {
        throw new PapersError(
          'CONFIG',
          `${spec} is outside the data folder ${root}: a file names a style by its name (papers styles lists them) or as a folder inside its data folder; move the style into ./styles, or choose it with --style`,
        );
      }
    }
    if (!existsSync(path.join(dir, 'council.yaml'))) throw new PapersError('CONFIG', `${dir}: not a style folder (it has no council.yaml); a style is a folder with council.yaml and any templates it changes`);
    return dir;
  }
  const styles = await listStyles(cwd);
  const found = styles.find((style) => style.name === spec);
  if (found) return found.dir;
  const names = styles.map((style) => style.name);
  const near = names.find((name) => distance(name, spec) <= 2);
  throw new PapersError('CONFIG', `no style named "${spec}"${near ? `; did you mean "${near}"?` : ''} (the styles are ${names.join(', ')}: see papers styles)`);
}

/** How a file in `fromDir` names a style: by its name when a name finds it, else as a folder relative to the file. */
export async function styleReference(dir: string, fromDir: string, cwd = process.cwd()): Promise<string> {
  const named = (await listStyles(cwd)).find((style) => style.dir === dir);
  return named?.name ?? `./${path.relative(fromDir, dir).split(path.sep).join('/')}`;
}

/** The style a report or meeting file names (`style:`), read before it is validated; undefined when it names none. */
export async function declaredStyle(file: string): Promise<string | undefined> {
  return (await declaredStyleAt(file))?.style;
}

/** The same, with where the file names it (line and column, from 1). */
export async function declaredStyleAt(file: string): Promise<{ style: string; line: number; column: number } | undefined> {
  // Read as the loader reads it: a regular file, with a limit (a pipe or /dev/zero named .yaml cannot hang or fill the memory).
  const read = await readConfined(file, { maxBytes: MAX_INPUT_BYTES });
  if (!read.ok) return undefined;
  const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
  // Most files name no style: without the word anywhere, no key can be it, and the parse (about
  // a millisecond a report, a tenth of the tool's own work on each) is skipped.
  if (!text.includes('style')) return undefined;
  // A Markdown report names it in its front matter, which starts on the second line. JSON is read by the YAML parser, as the loader reads it.
  const markdown = /\.(md|markdown)$/i.test(file);
  const yamlText = markdown ? /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] : text;
  if (yamlText === undefined) return undefined;
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true });
    // Unreadable here is unreadable in validation, which says where.
    if (doc.errors.length > 0) return undefined;
    const node = doc.get('style', true);
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') return undefined;
    const place = lineCounter.linePos(node.range?.[0] ?? 0);
    return { style: node.value.trim(), line: place.line + (markdown ? 1 : 0), column: place.col };
  } catch {
    return undefined;
  }
}

/**
 * The configuration each file is built with: the style given on the command line for every file,
 * else the one the file names, else the shipped style. Each style is loaded once.
 */
export class StyleChooser {
  private readonly loaded = new Map<string, Promise<CouncilConfig>>();

  constructor(
    /** --style (a name or a folder), or --templates (a folder). */
    private readonly forced: string | undefined,
    private readonly cwd = process.cwd(),
    /** --root: the data folder a folder named by `style:` must be in (default: the file's own folder). */
    private readonly root?: string | undefined,
  ) {}

  async configFor(file: string | undefined): Promise<CouncilConfig> {
    const dir = this.forced || !file ? await this.forcedDir() : await this.declaredDir(file);
    let config = this.loaded.get(dir);
    if (!config) {
      config = loadCouncilConfig(dir);
      this.loaded.set(dir, config);
    }
    return config;
  }

  /** The command line's style, else the shipped one. */
  private async forcedDir(): Promise<string> {
    return this.forced ? resolveStyle(this.forced, this.cwd, this.cwd) : DEFAULT_TEMPLATES_DIR;
  }

  /** The style the file names, confined to its data folder; a refusal is located at its `style:`. */
  private async declaredDir(file: string): Promise<string> {
    const declared = await declaredStyleAt(file);
    if (!declared) return DEFAULT_TEMPLATES_DIR;
    try {
      return await resolveStyle(declared.style, path.dirname(file), this.cwd, this.root ?? path.dirname(file));
    } catch (error) {
      const problem: Problem = { file, line: declared.line, column: declared.column, path: 'style', message: describeError(error) };
      throw new PapersError('CONFIG', formatProblem(problem), [problem]);
    }
  }
}
