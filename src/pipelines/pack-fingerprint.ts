import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_TEMPLATES_DIR } from '../config/council.js';
import { readStyleFile } from '../config/style-files.js';
import type { CouncilConfig } from '../schema/council.js';
import type { PackAppendix, PackItem, ResolvedMeeting } from '../meeting/pack-model.js';
import type { Paper } from '../load/paper.js';
import packageJson from '../../package.json' with { type: 'json' };

/**
 * What a pack is made from, as hashes: the whole, and each part (the agenda's details, the
 * style, each item), so a changed pack can be said in words. Two builds from the same
 * fingerprint make the same pages: the tool's version, the council's configuration and
 * templates, the meeting's details and every paper's content (PDFs by their bytes) are in it.
 */
export interface PackFingerprint {
  inputs: string;
  parts: Record<string, string>;
}

export async function packFingerprint(resolved: ResolvedMeeting, config: CouncilConfig): Promise<PackFingerprint> {
  const base = path.dirname(resolved.file);
  const { supplements: _supplements, items: _items, ...details } = resolved.meeting;
  const parts: Record<string, string> = {
    style: sha256(JSON.stringify({ tool: packageJson.version, config: { ...config, templatesDir: undefined }, templates: await templatesHash(config.templatesDir) })),
    agenda: sha256(JSON.stringify({ details, issue: resolved.issue, agenda: resolved.meeting.items.map((item) => [item.type, 'title' in item ? item.title : undefined]) })),
  };
  for (const item of resolved.items) parts[`item-${item.number}`] = sha256(JSON.stringify(await itemPrint(item, base)));
  return { inputs: sha256(JSON.stringify(Object.entries(parts).sort(([a], [b]) => a.localeCompare(b)))), parts };
}

async function itemPrint(item: PackItem, base: string): Promise<unknown> {
  const appendixPrint = async (appendix: PackAppendix) => ({ number: appendix.number, title: appendix.title, exemptParagraphs: appendix.exemptParagraphs, paper: await paperPrint(appendix.paper, base) });
  return {
    number: item.number,
    kind: item.kind,
    title: item.title,
    text: item.text,
    exemptParagraphs: item.exemptParagraphs,
    exemptDescription: item.exemptDescription,
    late: item.late,
    paper: await paperPrint(item.paper, base),
    appendices: await Promise.all(item.appendices.map(appendixPrint)),
  };
}

/** A paper by its content; file names relative to the meeting, so a moved data folder is the same data. */
async function paperPrint(paper: Paper | undefined, base: string): Promise<unknown> {
  if (!paper) return null;
  const file = path.relative(base, paper.file);
  // Hashed as the loader read it: the file is not read a second time.
  if (paper.kind === 'pdf') return { kind: 'pdf', file, sha256: paper.sha256 };
  const images = [...paper.images.entries()].map(([src, data]) => [src, sha256(data)]);
  return paper.kind === 'report' ? { kind: 'report', file, report: paper.report, images } : { kind: 'markdown', file, text: paper.text, images };
}

const templateHashes = new Map<string, Promise<string>>();

/** Every file of the templates folder (and the shipped one it falls back to), read once a run. */
function templatesHash(dir: string): Promise<string> {
  let hash = templateHashes.get(dir);
  if (!hash) {
    const folders = dir === DEFAULT_TEMPLATES_DIR ? [dir] : [DEFAULT_TEMPLATES_DIR, dir];
    hash = Promise.all(folders.map(folderHash)).then((hashes) => sha256(hashes.join()));
    templateHashes.set(dir, hash);
  }
  return hash;
}

/** Any file of a style folder, hashed for the fingerprint (a file it uses is held to its own, smaller limit). */
const MAX_STYLE_FILE_BYTES = 100 * 1024 * 1024;

async function folderHash(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  // Read as every style file is: inside the folder, a regular file, with a limit (the largest a style may hold).
  const hashes = await Promise.all(files.map(async (file) => `${path.relative(dir, file)}:${sha256(await readStyleFile(dir, file, MAX_STYLE_FILE_BYTES))}`));
  return sha256(hashes.join('\n'));
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
