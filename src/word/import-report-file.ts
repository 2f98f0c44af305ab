import path from 'node:path';
import { access } from 'node:fs/promises';
import { Document, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { PapersError, type Problem } from '../errors.js';
import { DEFAULT_TEMPLATES_DIR } from '../config/council.js';
import type { CouncilConfig } from '../schema/council.js';
import { readConfined } from '../load/read-confined.js';
import { MAX_INPUT_BYTES, parseSource } from '../load/source.js';
import { reportFromSource } from '../report/load-report.js';
import { styleReference } from '../config/styles.js';
import { writeFilesTogether } from '../output/write-atomic.js';
import { importReportDocx, type ImportNote } from './import-docx.js';
import { measureZipExpansion } from './zip-size.js';

/** Largest Word document read; a report with many large pictures is still well under it. */
const MAX_DOCX_BYTES = 50 * 1024 * 1024;
/**
 * Most it may really expand to (counted as it is expanded, not as its directory says), and most
 * parts: far above any real report (a 300-page report's text and layout is a few MiB), and far
 * below what would exhaust memory or time in the Word reader (measured: 250 MiB of text took it
 * 73 s and 4.2 GB).
 */
const ZIP_LIMITS = { maxBytes: 100 * 1024 * 1024, maxTextBytes: 16 * 1024 * 1024, maxEntries: 10_000 };

export interface ImportReportOptions {
  config: CouncilConfig;
  /** The data file to write (default: beside the .docx, named after it, .yaml). */
  out?: string | undefined;
  /** Replace a data file that is already there. */
  force?: boolean | undefined;
}

export interface ImportReportResult {
  /** The report data file written, and the pictures written beside it. */
  dataFile: string;
  images: string[];
  /** What a person should look at, located in the .docx. */
  notes: ImportNote[];
  /** What `papers check` says of the data file written: none when it is ready to build. */
  problems: Problem[];
}

/**
 * Imports a report from a Word document into a report data file (YAML) with its pictures beside
 * it. The file carries a comment wherever a person must look; it is then checked as `papers
 * check` would, so the author knows at once whether it builds and, if not, exactly why.
 */
export async function importReportFile(docxFile: string, options: ImportReportOptions): Promise<ImportReportResult> {
  const read = await readConfined(docxFile, { root: undefined, maxBytes: MAX_DOCX_BYTES });
  if (!read.ok) throw new PapersError('INVALID_INPUT', `${docxFile}: ${read.message}`);
  if (read.bytes.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') throw new PapersError('INVALID_INPUT', `${docxFile}: expected a Word document (.docx); this file is not one (an old .doc must be saved as .docx first)`);
  const expanded = await measureZipExpansion(read.bytes, ZIP_LIMITS);
  if (!expanded.ok) throw new PapersError('INVALID_INPUT', `${docxFile}: ${expanded.message}`);
  const dataFile = path.resolve(options.out ?? path.join(path.dirname(docxFile), `${path.basename(docxFile, path.extname(docxFile))}.yaml`));
  if (
    !options.force &&
    (await access(dataFile).then(
      () => true,
      () => false,
    ))
  ) {
    throw new PapersError('INVALID_INPUT', `${dataFile} is already there; choose another name with --out, or replace it with --force`);
  }
  const imported = await importReportDocx(new Uint8Array(read.bytes), options.config, path.basename(dataFile, path.extname(dataFile))).catch((error: unknown) => {
    throw new PapersError('INVALID_INPUT', `${docxFile}: cannot read it as a Word document (${error instanceof Error ? error.message : String(error)})`);
  });
  // Read in a style other than the shipped one: the data file says so, so it is built in it too.
  const { council, ...rest } = imported.data;
  const data = options.config.templatesDir === DEFAULT_TEMPLATES_DIR ? imported.data : { ...(council === undefined ? {} : { council }), style: await styleReference(options.config.templatesDir, path.dirname(dataFile)), ...rest };
  const yaml = dataFileText(data, imported.notes, path.basename(docxFile));
  // A data file papers could not read back is not written.
  const yamlBytes = Buffer.byteLength(yaml);
  if (yamlBytes > MAX_INPUT_BYTES) {
    throw new PapersError(
      'INVALID_INPUT',
      `${docxFile}: its text would make a data file of ${(yamlBytes / 2 ** 20).toFixed(1)} MiB, more than the ${MAX_INPUT_BYTES / 2 ** 20} MiB a report data file may be; nothing was written (move long tables or annexes into appendices of their own)`,
    );
  }
  await writeFilesTogether(path.dirname(dataFile), [{ name: path.basename(dataFile), data: yaml }, ...imported.images.map((image) => ({ name: image.name, data: image.bytes }))]);
  const parsed = parseSource(dataFile, yaml);
  const checked = parsed.ok ? await reportFromSource(parsed.source, options.config) : { ok: false as const, problems: parsed.problems };
  return { dataFile, images: imported.images.map((image) => path.join(path.dirname(dataFile), image.name)), notes: imported.notes, problems: checked.ok ? [] : checked.problems };
}

/** The data as YAML, each note as a comment on the field it concerns (the others at the top). */
function dataFileText(data: Record<string, unknown>, notes: readonly ImportNote[], source: string): string {
  const document = new Document(data);
  const general: string[] = [` Imported from ${source} by papers import.`];
  for (const note of notes) {
    const node = note.field ? nearestNode(document, note.field) : undefined;
    const text = ` NOTE (${note.where}): ${note.message}`;
    if (node) node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${text}` : text;
    else general.push(text);
  }
  document.commentBefore = general.join('\n');
  return document.toString({ lineWidth: 100 });
}

/** The node at a field path, or its nearest ancestor that is in the document. */
function nearestNode(document: Document, fieldPath: ReadonlyArray<string | number>): YamlNode | undefined {
  for (let length = fieldPath.length; length > 0; length--) {
    const node = document.getIn(fieldPath.slice(0, length), true);
    if (node && typeof node === 'object' && ('commentBefore' in node || isMap(node) || isSeq(node))) return node as YamlNode;
  }
  return undefined;
}
