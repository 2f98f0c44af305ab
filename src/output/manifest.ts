import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PapersError } from '../errors.js';

export const MANIFEST_NAME = 'manifest.json';

const pageRange = z.tuple([z.number().int(), z.number().int()]);

/** One version of one issue's pack as it was written: what it was made from, and what it holds. */
export const issuedPackSchema = z.strictObject({
  /** 0 for the agenda pack, 1, 2 … for its supplements. */
  issue: z.number().int().min(0),
  version: z.number().int().min(1),
  dateOfIssue: z.iso.date(),
  builtAt: z.string(),
  /** A fingerprint of everything the pack was made from, and of each part of it (see publication.ts). */
  inputs: z.string(),
  inputParts: z.record(z.string(), z.string()),
  pageOffset: z.number().int().min(0),
  pagePrefix: z.string(),
  /** Pages of the members' (full) pack, numbered from pageOffset + 1. */
  pages: z.number().int().min(0),
  publicPages: z.number().int().min(0),
  /** The page map printed on the front sheet: each item's and appendix's first and last page. */
  ranges: z.record(z.string(), pageRange),
  /** The item titles, by anchor, so a change can be said in words. */
  titles: z.record(z.string(), z.string()),
  files: z.array(z.strictObject({ name: z.string(), sha256: z.string(), bytes: z.number().int().min(0) })),
});
export type IssuedPack = z.infer<typeof issuedPackSchema>;

/**
 * What a meeting's output folder holds: every pack written there, each version kept, so a pack
 * once published is known (and left alone) when the meeting is built again.
 */
export const manifestSchema = z.strictObject({
  manifest: z.literal(1),
  tool: z.string(),
  meeting: z.string(),
  packs: z.array(issuedPackSchema),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** The manifest in an output folder, or undefined when there is none (a first build). */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  const file = path.join(dir, MANIFEST_NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PapersError('WRITE_FAILED', `${file}: cannot read the record of published packs (${(error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new PapersError('INVALID_INPUT', `${file}: the record of published packs is not valid JSON; restore it from a backup, or move it away to start a new record (packs already published are then no longer protected)`);
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PapersError('INVALID_INPUT', `${file}: not a record of published packs this tool can read (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown shape'}); restore it, or move it away to start a new record`);
  }
  return parsed.data;
}

/** The latest version of each issue in the manifest. */
export function currentPacks(manifest: Manifest | undefined): Map<number, IssuedPack> {
  const current = new Map<number, IssuedPack>();
  for (const pack of manifest?.packs ?? []) {
    const known = current.get(pack.issue);
    if (!known || pack.version >= known.version) current.set(pack.issue, pack);
  }
  return current;
}
