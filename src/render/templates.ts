import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PapersError } from '../errors.js';
import { DEFAULT_TEMPLATES_DIR, type CouncilConfig } from '../config/council.js';
import { cssCounterContent, cssString } from './css-string.js';

export type TemplateName = 'report' | 'agenda' | 'pack' | 'item-page' | 'forward-plan' | 'minutes' | 'minutes-md' | 'decision-notice';

export interface TemplateSet {
  render(name: TemplateName, view: object): string;
  /** A stylesheet from `templates/styles/`, to be inlined. */
  style(name: string): string;
  label(key: string, values?: Record<string, string | number>): string;
}

const cache = new Map<string, Promise<TemplateSet>>();

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

  // A council's folder copied before a template was added still works: the shipped one is used.
  const folders = dir === DEFAULT_TEMPLATES_DIR ? [dir] : [DEFAULT_TEMPLATES_DIR, dir];
  for (const folder of folders) {
    const partialsDir = path.join(folder, 'partials');
    for (const file of (await readdir(partialsDir).catch(() => [] as string[])).filter((name) => name.endsWith('.hbs'))) {
      handlebars.registerPartial(path.basename(file, '.hbs'), await readFile(path.join(partialsDir, file), 'utf8'));
    }
  }

  const compiled = new Map<TemplateName, HandlebarsTemplateDelegate>();
  for (const name of ['report', 'agenda', 'pack', 'item-page', 'forward-plan', 'minutes', 'minutes-md', 'decision-notice'] as const) {
    const own = await readFile(path.join(dir, `${name}.hbs`), 'utf8').catch(() => undefined);
    const source = own ?? (!['report', 'agenda', 'pack'].includes(name) ? await readFile(path.join(DEFAULT_TEMPLATES_DIR, `${name}.hbs`), 'utf8').catch(() => undefined) : undefined);
    // preventIndent: an indented partial would otherwise indent every line of the text inside it,
    // changing authors' preformatted text (found by the property tests).
    if (source !== undefined) compiled.set(name, handlebars.compile(source, { noEscape: false, preventIndent: true }));
  }

  const styles = new Map<string, string>();
  const stylesDir = path.join(dir, 'styles');
  for (const file of (await readdir(stylesDir)).filter((name) => name.endsWith('.css'))) {
    // A stylesheet must not be able to close the <style> element it is inlined into.
    styles.set(path.basename(file, '.css'), (await readFile(path.join(stylesDir, file), 'utf8')).replace(/<\/style/gi, '<\\/style'));
  }

  return {
    render(name, view) {
      const template = compiled.get(name);
      if (!template) throw new PapersError('CONFIG', `${path.join(dir, `${name}.hbs`)}: template not found`);
      return template(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    },
    style(name) {
      const css = styles.get(name);
      if (css === undefined) throw new PapersError('CONFIG', `${path.join(stylesDir, `${name}.css`)}: stylesheet not found`);
      return css;
    },
    label,
  };
}
