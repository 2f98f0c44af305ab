import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { CouncilConfig } from '../schema/council.js';
import type { IssuedPack } from '../output/manifest.js';
import type { PackIssue, ResolvedMeeting } from '../meeting/pack-model.js';
import type { PageRange } from '../meeting/pack-plan.js';
import { sha256, type PackFingerprint } from './pack-fingerprint.js';

/**
 * A pack is published from its date of issue: from then on the council's website and members
 * hold it, so a build that would change it is refused (see buildMeetings) and late papers go in
 * a supplement. Before its date of issue it is a draft, built again freely.
 */
export function isPublished(pack: IssuedPack, today: string): boolean {
  return pack.dateOfIssue <= today;
}

/** Today as YYYY-MM-DD, on the machine's clock and in its time zone. */
export function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The file names of one version of an issue's packs: the agenda's, or a supplement's. */
export function packFileNames(issue: number, version: number): { public: string; confidential: string } {
  const suffix = version > 1 ? `-v${version}` : '';
  return issue === 0 ? { public: `public-pack${suffix}.pdf`, confidential: `confidential-pack${suffix}.pdf` } : { public: `supplement-${issue}-public${suffix}.pdf`, confidential: `supplement-${issue}-confidential${suffix}.pdf` };
}

/**
 * The versions of an issue's packs that are in a folder (by their file names, see
 * packFileNames): the manifest's record of them may be gone while the packs are still there.
 */
export function packVersionsIn(names: readonly string[], issue: number): number[] {
  const pattern = issue === 0 ? /^(?:public|confidential)-pack(?:-v(\d+))?\.pdf$/ : new RegExp(`^supplement-${issue}-(?:public|confidential)(?:-v(\\d+))?\\.pdf$`);
  const versions = new Set<number>();
  for (const name of names) {
    const match = pattern.exec(name);
    if (match) versions.add(match[1] === undefined ? 1 : Number(match[1]));
  }
  return [...versions].sort((a, b) => a - b);
}

/** How a supplement's pages are numbered: on from the pack before it, or from 1 after the style's prefix. */
export function supplementNumbering(config: CouncilConfig, supplement: number, before: { pageOffset: number; pages: number }): Pick<PackIssue, 'pageOffset' | 'pagePrefix'> {
  return config.supplementPages.numbering === 'continue' ? { pageOffset: before.pageOffset + before.pages, pagePrefix: '' } : { pageOffset: 0, pagePrefix: config.supplementPages.prefix.replaceAll('{number}', String(supplement)) };
}

/** Whether every file of a pack is still in the folder as it was written. */
export async function filesIntact(dir: string, pack: IssuedPack): Promise<boolean> {
  for (const file of pack.files) {
    const bytes = await readFile(path.join(dir, file.name)).catch(() => undefined);
    if (!bytes || sha256(bytes) !== file.sha256) return false;
  }
  return true;
}

/** The manifest's record of a pack just written. */
export function issuedPack(
  resolved: ResolvedMeeting,
  version: number,
  fingerprint: PackFingerprint,
  built: { pages: number; publicPages: number; ranges: ReadonlyMap<string, PageRange> },
  files: ReadonlyArray<{ name: string; data: Uint8Array }>,
): IssuedPack {
  const { issue } = resolved;
  return {
    issue: issue.supplement,
    version,
    dateOfIssue: issue.dateOfIssue,
    builtAt: new Date().toISOString(),
    inputs: fingerprint.inputs,
    inputParts: fingerprint.parts,
    pageOffset: issue.pageOffset,
    pagePrefix: issue.pagePrefix,
    pages: built.pages,
    publicPages: built.publicPages,
    ranges: Object.fromEntries([...built.ranges].map(([anchor, range]) => [anchor, [range.first, range.last] as [number, number]])),
    titles: Object.fromEntries(resolved.items.map((item) => [`item-${item.number}`, item.title])),
    files: files.map((file) => ({ name: file.name, sha256: sha256(file.data), bytes: file.data.byteLength })),
  };
}

export function rangesOf(pack: IssuedPack): Map<string, PageRange> {
  return new Map(Object.entries(pack.ranges).map(([anchor, [first, last]]) => [anchor, { first, last }]));
}

/** What differs between a published pack's inputs and today's, in words a clerk can act on. */
export function inputChanges(published: IssuedPack, now: PackFingerprint, titles: ReadonlyMap<string, string>): string[] {
  const changes: string[] = [];
  const keys = [...new Set([...Object.keys(published.inputParts), ...Object.keys(now.parts)])];
  const itemName = (key: string) => `item ${key.slice('item-'.length)} (${titles.get(key) ?? published.titles[key] ?? 'untitled'})`;
  for (const key of keys.sort(byItemNumber)) {
    const before = published.inputParts[key];
    const after = now.parts[key];
    if (before === after) continue;
    if (key === 'style') changes.push("the council's configuration or templates, or this tool's version, changed");
    else if (key === 'agenda') changes.push("the meeting's details or agenda changed");
    else if (before === undefined) changes.push(`${itemName(key)} was added`);
    else if (after === undefined) changes.push(`${itemName(key)} was removed`);
    else changes.push(`${itemName(key)} changed`);
  }
  return changes;
}

/** How a new version's page map differs from the published one's: moved items, and the page count. */
export function pageChanges(published: IssuedPack, ranges: ReadonlyMap<string, PageRange>, pages: number, prefix: string): string[] {
  const changes: string[] = [];
  const show = (range: PageRange | undefined) => (!range ? 'none' : range.first === range.last ? `${prefix}${range.first}` : `${prefix}${range.first}–${prefix}${range.last}`);
  const before = rangesOf(published);
  const keys = [...new Set([...Object.keys(published.ranges), ...ranges.keys()])].filter((key) => /^item-\d+$/.test(key)).sort(byItemNumber);
  for (const key of keys) {
    const was = before.get(key);
    const now = ranges.get(key);
    if (was && now && was.first === now.first && was.last === now.last) continue;
    changes.push(`item ${key.slice('item-'.length)} pages ${show(now)} (were ${show(was)})`);
  }
  if (pages !== published.pages) changes.push(`${pages} pages (were ${published.pages})`);
  return changes.length > 0 ? changes : ['the same page numbers'];
}

function byItemNumber(a: string, b: string): number {
  const number = (key: string) => (key.startsWith('item-') ? Number(key.slice('item-'.length)) : -1);
  return number(a) - number(b) || a.localeCompare(b);
}
