import path from 'node:path';
import { access } from 'node:fs/promises';
import { PapersError } from '../errors.js';
import { DEFAULT_TEMPLATES_DIR } from '../config/council.js';
import type { CouncilConfig } from '../schema/council.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import { styleReference } from '../config/styles.js';
import { readOptionalStyleText, readStyleText } from '../config/style-files.js';
import type { DocumentKind } from '../schema/json-schema.js';

/** The package's JSON Schemas (papers schema writes the same), which starting files point editors to. */
export const SCHEMA_DIR = path.join(path.dirname(DEFAULT_TEMPLATES_DIR), 'schema');

export function schemaFileOf(kind: DocumentKind): string {
  return path.join(SCHEMA_DIR, `${kind}.schema.json`);
}

/**
 * Writes a starting report or meeting: every field, a comment on each saying what it holds,
 * placeholders that `papers check` refuses until they are replaced, and the line that points the
 * YAML language server at the schema. The council's own starters (templates/starters/) win.
 */
export async function writeStarter(kind: DocumentKind, file: string, config: CouncilConfig, options: { force?: boolean | undefined } = {}): Promise<string> {
  const target = path.resolve(file);
  if (
    !options.force &&
    (await access(target).then(
      () => true,
      () => false,
    ))
  )
    throw new PapersError('INVALID_INPUT', `${file} is already there; choose another name, or replace it with --force`);
  // A report named .md starts as a Markdown report (cover fields in front matter, ## sections).
  const starter = kind === 'report' && /\.(md|markdown)$/i.test(file) ? 'report.md' : `${kind}.yaml`;
  const own = path.join(config.templatesDir, 'starters', starter);
  // Read as every style file is: inside the style folder, a regular file, with a limit.
  const text = (await readOptionalStyleText(config.templatesDir, own)) ?? (await readStyleText(DEFAULT_TEMPLATES_DIR, path.join(DEFAULT_TEMPLATES_DIR, 'starters', starter)));
  // A style that shapes its reports ships its own schema (papers schema report --style NAME --out NAME/schema/report.schema.json).
  const styleSchema = path.join(config.templatesDir, 'schema', `${kind}.schema.json`);
  const schemaFile =
    config.templatesDir !== DEFAULT_TEMPLATES_DIR &&
    (await access(styleSchema).then(
      () => true,
      () => false,
    ))
      ? styleSchema
      : schemaFileOf(kind);
  const schema = path.relative(path.dirname(target), schemaFile).split(path.sep).join('/');
  const style = await styleReference(config.templatesDir, path.dirname(target));
  await writeFileAtomic(target, text.replace('{{schema}}', schema).replace('{{style}}', JSON.stringify(style)));
  return target;
}
