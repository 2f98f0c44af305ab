import { readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PapersError } from '../errors.js';
import { DEFAULT_TEMPLATES_DIR } from '../config/council.js';
import { MAX_STYLE_ASSET_BYTES, MAX_STYLE_CSS_BYTES, readOptionalStyleText, readStyleFile, readStyleText } from '../config/style-files.js';
import type { CouncilConfig } from '../schema/council.js';
import { cssCounterContent, cssString } from './css-string.js';
import { appendixMark } from './style-numbering.js';

export type TemplateName = 'report' | 'agenda' | 'pack' | 'item-page' | 'forward-plan' | 'minutes' | 'minutes-md' | 'decision-notice';

export interface TemplateSet {
  render(name: TemplateName, view: object): string;
  /** A stylesheet from `templates/styles/`, to be inlined. */
  style(name: string): string;
  label(key: string, values?: Record<string, string | number>): string;
  /** The shape the style gives its reports (cover fields, numbering, implications). */
  reportShape: CouncilConfig['report'];
  /** The style's logo as a data: URI, when it has one. */
  logo: string | null;
  /** "Appendix 2: Title", or "Appendix B: Title" in a style that letters its appendices: the words from labels.appendixHeading. */
  appendixHeading(number: number, title: string): string;
  /** "Item 5: Title", from labels.itemHeading (bookmarks, page titles). */
  itemHeading(number: number, title: string): string;
  /** "3", "3 and 4", "1, 3 and 4": the joining words from labels.listSeparator and labels.listLastSeparator. */
  joinNumbers(numbers: readonly number[]): string;
}

const cache = new Map<string, Promise<TemplateSet>>();

type TemplateSpec = Parameters<typeof Handlebars.template>[0];
let precompiledLoad: Promise<Record<string, TemplateSpec>> | undefined;

/**
 * The shipped templates as the build precompiled them (dist/precompiled-templates.js, beside the
 * compiled code), by the hash of their text; none when running from source (tests compile them).
 */
function precompiledTemplates(): Promise<Record<string, TemplateSpec>> {
  precompiledLoad ??= import(new URL('../precompiled-templates.js', import.meta.url).href).then(
    (module: { default: Record<string, TemplateSpec> }) => module.default,
    () => ({}),
  );
  return precompiledLoad;
}

/** Loads and compiles a templates folder once per process. */
export function loadTemplates(config: CouncilConfig): Promise<TemplateSet> {
  const key = config.templatesDir;
  let set = cache.get(key);
  if (!set) {
    set = compileTemplates(config);
    cache.set(key, set);
    set.catch(() => cache.delete(key));
  }
  return set;
}

async function compileTemplates(config: CouncilConfig): Promise<TemplateSet> {
  const dir = config.templatesDir;
  const handlebars = Handlebars.create();
  const label = (key: string, values: Record<string, string | number> = {}): string => {
    const text = config.labels[key];
    if (text === undefined) throw new PapersError('CONFIG', `${path.join(dir, 'council.yaml')}: labels.${key} is missing; the templates use it`);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };

  handlebars.registerHelper('label', (key: string, options: Handlebars.HelperOptions) => label(key, options.hash as Record<string, string>));
  handlebars.registerHelper('cssString', (text: string) => cssString(String(text)));
  // The page prefix of a supplement numbered on its own ("S"), when the template passes one.
  handlebars.registerHelper('cssPageCounter', (key: string, prefix: unknown) => cssCounterContent(label(key), typeof prefix === 'string' ? prefix : ''));

  // A style folder holds what it changes: a template, partial or stylesheet it lacks is the
  // shipped one (so a council's folder copied before a template was added still works).
  const sources = await styleSources(dir);
  const missing = labelsMissing(sources, config.labels);
  if (missing.length > 0) throw new PapersError('CONFIG', missing.map((entry) => `${entry.file}: uses the label ${entry.key}, which ${path.join(dir, 'council.yaml')} does not have under labels`).join('\n'));
  // The shipped templates come precompiled (by the build) when their text is the one compiled.
  const precompiled = await precompiledTemplates();
  const compile = (text: string): HandlebarsTemplateDelegate => {
    const spec = precompiled[createHash('sha256').update(text).digest('hex')];
    // preventIndent: an indented partial would otherwise indent every line of the text inside it,
    // changing authors' preformatted text (found by the property tests).
    return spec ? handlebars.template(spec) : handlebars.compile(text, { noEscape: false, preventIndent: true });
  };
  for (const [name, partial] of sources.partials) handlebars.registerPartial(name, compile(partial.text));
  const compiled = new Map<TemplateName, HandlebarsTemplateDelegate>();
  for (const [name, template] of sources.templates) compiled.set(name, compile(template.text));
  const styles = new Map([...sources.stylesheets].map(([name, sheet]) => [name, sheet.text]));
  // house.css: what a style changes of the shipped look, added after the report stylesheet (every document has it).
  const house = styles.get('house');
  if (house !== undefined) styles.set('report', `${styles.get('report') ?? ''}\n${house}`);
  const stylesDir = path.join(dir, 'styles');

  return {
    render(name, view) {
      const template = compiled.get(name);
      if (!template) throw new PapersError('CONFIG', `${path.join(dir, `${name}.hbs`)}: template not found`);
      try {
        return template(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      } catch (error) {
        // A council's template that fails as it runs (a partial it names is missing, a block misused): the style's fault, not the tool's.
        if (error instanceof PapersError) throw error;
        throw new PapersError('RENDER_FAILED', `${path.join(dir, `${name}.hbs`)}: the template failed as it ran: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    style(name) {
      const css = styles.get(name);
      if (css === undefined) throw new PapersError('CONFIG', `${path.join(stylesDir, `${name}.css`)}: stylesheet not found`);
      return css;
    },
    label,
    reportShape: config.report,
    appendixHeading: (number, title) => label('appendixHeading', { number: appendixMark(number, config.report.numbering.appendices), title }),
    itemHeading: (number, title) => label('itemHeading', { number, title }),
    joinNumbers: (numbers) => {
      const sorted = [...new Set(numbers)].sort((a, b) => a - b).map(String);
      return sorted.length <= 1 ? (sorted[0] ?? '') : `${sorted.slice(0, -1).join(label('listSeparator'))}${label('listLastSeparator')}${sorted.at(-1)}`;
    },
    logo: config.logo ? await logoDataUri(dir, config.logo) : null,
  };
}

const LOGO_TYPES: Record<string, string> = { '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };

/**
 * The style's logo, embedded: the renderer loads nothing from files. Read as every style file is
 * (style-files.ts): inside the folder once links are resolved, a regular file, with a limit.
 */
export async function logoDataUri(dir: string, file: string): Promise<string> {
  const full = path.resolve(dir, file);
  const type = LOGO_TYPES[path.extname(full).toLowerCase()];
  if (!type || !full.startsWith(path.resolve(dir) + path.sep)) throw new PapersError('CONFIG', `${path.join(dir, 'council.yaml')}: logo: expected an .svg, .png or .jpg file inside the style folder; got ${file}`);
  const bytes = await readStyleFile(dir, full, MAX_STYLE_ASSET_BYTES).catch((error: unknown) => {
    throw new PapersError('CONFIG', `${path.join(dir, 'council.yaml')}: logo: ${error instanceof Error ? error.message : String(error)}`);
  });
  return `data:${type};base64,${bytes.toString('base64')}`;
}

export const TEMPLATE_NAMES = ['report', 'agenda', 'pack', 'item-page', 'forward-plan', 'minutes', 'minutes-md', 'decision-notice'] as const satisfies readonly TemplateName[];

/** A style's text files as it will use them: its own, else the shipped one. */
export interface StyleSources {
  templates: Map<TemplateName, { file: string; text: string }>;
  partials: Map<string, { file: string; text: string }>;
  stylesheets: Map<string, { file: string; text: string }>;
}

export async function styleSources(dir: string): Promise<StyleSources> {
  const folders = dir === DEFAULT_TEMPLATES_DIR ? [dir] : [DEFAULT_TEMPLATES_DIR, dir];
  const sources: StyleSources = { templates: new Map(), partials: new Map(), stylesheets: new Map() };
  for (const folder of folders) {
    for (const name of TEMPLATE_NAMES) {
      const file = path.join(folder, `${name}.hbs`);
      // Each file inside its style folder (links resolved), a regular file, read with a limit.
      const text = await readOptionalStyleText(folder, file);
      if (text !== undefined) sources.templates.set(name, { file, text });
    }
    const partialsDir = path.join(folder, 'partials');
    for (const name of (await readdir(partialsDir).catch(() => [] as string[])).filter((entry) => entry.endsWith('.hbs'))) {
      sources.partials.set(path.basename(name, '.hbs'), { file: path.join(partialsDir, name), text: await readStyleText(folder, path.join(partialsDir, name)) });
    }
    const stylesDir = path.join(folder, 'styles');
    for (const name of (await readdir(stylesDir).catch(() => [] as string[])).filter((entry) => entry.endsWith('.css'))) {
      // A stylesheet must not be able to close the <style> element it is inlined into.
      const text = (await readStyleText(folder, path.join(stylesDir, name), MAX_STYLE_CSS_BYTES)).replace(/<\/style/gi, '<\\/style');
      sources.stylesheets.set(path.basename(name, '.css'), { file: path.join(stylesDir, name), text });
    }
  }
  return sources;
}

/** The label keys a template or partial names ({{label "key"}}, {{cssPageCounter "key"}}). */
export function labelKeysIn(text: string): string[] {
  return [...text.matchAll(/\{\{~?\{?\s*(?:label|cssPageCounter)\s+"([^"]+)"/g)].map((match) => match[1] as string);
}

/** Labels the style's templates use that its configuration lacks: found when the style loads, not when rendering reaches them. */
export function labelsMissing(sources: StyleSources, labels: Readonly<Record<string, string>>): Array<{ file: string; key: string }> {
  const missing: Array<{ file: string; key: string }> = [];
  for (const { file, text } of [...sources.templates.values(), ...sources.partials.values()]) {
    for (const key of new Set(labelKeysIn(text))) if (labels[key] === undefined) missing.push({ file, key });
  }
  return missing;
}
