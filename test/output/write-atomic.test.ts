import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { link, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFilesTogether, type PlacingOps } from '../../src/output/write-atomic.js';

/**
 * A set of files replaced together is, after any failure part-way, wholly the old set: each
 * file entirely old, none new, none missing. The renames are made to fail one at a time (the
 * Nth), with hard links available and without (the earlier versions then moved aside).
 */
const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

const OLD: Record<string, string> = { 'agenda.html': 'old agenda', 'public-pack.pdf': 'old public pack', 'manifest.json': 'old manifest', 'confidential-pack.pdf': 'old confidential pack' };
const NEW = [
  { name: 'agenda.html', data: 'new agenda' },
  { name: 'public-pack.pdf', data: new TextEncoder().encode('new public pack') },
  { name: 'item-5.html', data: 'new item page' },
  { name: 'manifest.json', data: 'new manifest' },
];
/** A file of the earlier run that this one removes (its exempt items are gone). */
const REMOVE = ['confidential-pack.pdf'];

async function folderWithOldSet(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'papers-write-atomic-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(OLD)) await writeFile(path.join(dir, name), text);
  return dir;
}

async function contents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  // A folder (a temporary one left behind) shows as such, and fails the comparisons below.
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) out[entry.name] = entry.isDirectory() ? '(a folder)' : await readFile(path.join(dir, entry.name), 'utf8');
  return out;
}

const NEW_SET = { 'agenda.html': 'new agenda', 'public-pack.pdf': 'new public pack', 'item-5.html': 'new item page', 'manifest.json': 'new manifest' };

/** The real calls, with renames counted and the Nth (1-based) failing; links failing too when asked. */
function failing(nth: number, options: { noLinks?: boolean; failAfter?: boolean } = {}): PlacingOps & { renames: () => number } {
  let calls = 0;
  return {
    renames: () => calls,
    link: async (existing, newPath) => {
      if (options.noLinks) throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
      await link(existing, newPath);
    },
    rename: async (from, to) => {
      calls += 1;
      if (calls === nth || (options.failAfter && calls > nth)) throw Object.assign(new Error(`EACCES: permission denied, rename '${from}' -> '${to}'`), { code: 'EACCES' });
      await rename(from, to);
    },
  };
}

describe('writing a set of files together', () => {
  for (const noLinks of [false, true]) {
    const how = noLinks ? 'without hard links (earlier versions moved aside)' : 'with hard links';
    it(`replaces the whole set, leaving no temporary folder, ${how}`, async () => {
      const dir = await folderWithOldSet();
      await writeFilesTogether(dir, NEW, REMOVE, failing(0, { noLinks }));
      expect(await contents(dir)).toEqual(NEW_SET);
    });

    it(`leaves the whole old set when any one rename fails, ${how}`, async () => {
      const counting = failing(0, { noLinks });
      await writeFilesTogether(await folderWithOldSet(), NEW, REMOVE, counting);
      const renames = counting.renames();
      expect(renames).toBeGreaterThanOrEqual(NEW.length + REMOVE.length);
      for (let nth = 1; nth <= renames; nth++) {
        const dir = await folderWithOldSet();
        await expect(writeFilesTogether(dir, NEW, REMOVE, failing(nth, { noLinks })), `rename ${nth} of ${renames}`).rejects.toThrow(/cannot write to .*permission denied.*nothing was written/);
        // Each file entirely old, the new-only file absent, the removed one back: the old set, whole.
        expect(await contents(dir), `rename ${nth} of ${renames} failed`).toEqual(OLD);
      }
    });
  }

  it('keeps the earlier versions, and says where, when putting them back fails too', async () => {
    const dir = await folderWithOldSet();
    // The third rename fails, and every one after it: the earlier files cannot be renamed back.
    const error = await writeFilesTogether(dir, NEW, REMOVE, failing(3, { failAfter: true })).then(
      () => new Error('the write succeeded'),
      (caught: unknown) => caught as Error,
    );
    const where = /they are kept in (\S+)$/.exec(error.message)?.[1];
    expect(where, error.message).toBeDefined();
    // Nothing is lost: every earlier file is in the folder, or in the one the message names.
    const placed = await contents(dir);
    const aside = await contents(where as string);
    for (const [name, text] of Object.entries(OLD)) expect([placed[name], aside[name]]).toContain(text);
  });

  describe.runIf(process.getuid?.() === 0)('on the real file system', () => {
    it('puts the earlier files back when one of them cannot be replaced (made immutable)', async () => {
      const dir = await folderWithOldSet();
      // The second file of the set cannot be replaced, after the first has been.
      execFileSync('chattr', ['+i', path.join(dir, 'public-pack.pdf')]);
      try {
        await expect(writeFilesTogether(dir, NEW, REMOVE)).rejects.toThrow(/cannot write to .*nothing was written/);
      } finally {
        execFileSync('chattr', ['-i', path.join(dir, 'public-pack.pdf')]);
      }
      expect(await contents(dir)).toEqual(OLD);
    });
  });
});
