import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Printer } from '../../src/print/printer.js';
import { removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { printAppendix, withBoxOver } from '../helpers/real-world-pdfs.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

/**
 * The `papers` command runs its bundle through V8's code cache (src/cli/compile-cache.ts): a
 * run after the first compiles nothing it compiled before. What must hold: the output is the
 * same, a changed file is never run from an old cache, a damaged cache is only a slower run,
 * and the ES modules loaded at run time (pdf.js) still load from cached code.
 */
afterAll(async () => {
  await removeTempDirs();
  await removeDataCopies();
});

const CLI = path.resolve('dist/bundle/papers.js');

function run(args: readonly string[], cache: string, cwd = process.cwd()) {
  return spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, PAPERS_COMPILE_CACHE: cache } });
}

/** The cache file as it stands: a run that compiled nothing afresh leaves it untouched. */
function cacheState(dir: string): string | undefined {
  const file = path.join(dir, `${process.version}-${process.arch}`, 'code-cache.bin');
  if (!existsSync(file)) return undefined;
  const stat = statSync(file);
  return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
}

describe('the compile cache, on a module of its own', () => {
  let dir: string;
  let runner: string;
  let fixture: string;
  const load = (cacheDir: string) => spawnSync(process.execPath, [runner, cacheDir, fixture], { encoding: 'utf8' });

  beforeAll(async () => {
    dir = await tempDir('papers-compile-cache-');
    runner = path.join(dir, 'runner.mjs');
    fixture = path.join(dir, 'fixture.cjs');
    await writeFile(
      runner,
      `import { createRequire } from 'node:module';
import { installCompileCache } from ${JSON.stringify(pathToFileURL(path.resolve('dist/cli/compile-cache.js')).href)};
installCompileCache(${JSON.stringify(path.resolve('dist/bundle'))}, process.argv[2]);
const loaded = createRequire(import.meta.url)(process.argv[3]);
console.log(loaded.load ? await loaded.load() : loaded.value);
`,
    );
  });

  it('reuses what it compiled, and never runs a changed file from the old cache (even one of the same length)', async () => {
    const cacheDir = path.join(dir, 'cache');
    await writeFile(fixture, "module.exports = { value: 'first' + [1, 2].map((n) => n * 2).join('') };\n");
    const first = load(cacheDir);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('first24\n');
    const written = statSync(path.join(cacheDir, 'code-cache.bin'));
    expect(written.size).toBeGreaterThan(100);

    const second = load(cacheDir);
    expect(second.stdout).toBe('first24\n');
    // Everything came from the cache (a refused entry would have been compiled and saved again).
    const after = statSync(path.join(cacheDir, 'code-cache.bin'));
    expect(`${after.ino}:${after.mtimeMs}`).toBe(`${written.ino}:${written.mtimeMs}`);

    // V8 checks a cache against its source's length only; the cache is keyed by the text itself.
    await writeFile(fixture, "module.exports = { value: 'secnd' + [1, 2].map((n) => n * 3).join('') };\n");
    const changed = load(cacheDir);
    expect(changed.stdout).toBe('secnd36\n');
  });

  it('compiles as usual a file that calls import(), which Node 20 cannot run from the cache', async () => {
    const cacheDir = path.join(dir, 'dynamic');
    await writeFile(fixture, "module.exports = { load: () => import('node:path').then((module) => 'loaded ' + typeof module.join) };\n");
    for (let run = 0; run < 2; run++) {
      const result = load(cacheDir);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('loaded function\n');
    }
  });

  it('keeps the entries of files another run loads, and forgets files that are gone', async () => {
    const cacheDir = path.join(dir, 'pruned');
    const other = path.join(dir, 'other.cjs');
    const indexed = async () => {
      const bytes = await readFile(path.join(cacheDir, 'code-cache.bin'));
      return Object.keys(JSON.parse(bytes.subarray(4, 4 + bytes.readUInt32LE(0)).toString('utf8')) as Record<string, unknown>).map((key) => path.basename(key.split('\0')[0] ?? ''));
    };
    await writeFile(fixture, "module.exports = { value: 'kept' };\n");
    await writeFile(other, "module.exports = { value: 'other' };\n");
    expect(load(cacheDir).stdout).toBe('kept\n');
    expect(spawnSync(process.execPath, [runner, cacheDir, other], { encoding: 'utf8' }).stdout).toBe('other\n');
    expect((await indexed()).sort()).toEqual(['fixture.cjs', 'other.cjs']);
    // A rebuilt bundle's old chunk: gone from disk, so gone from the cache at the next save.
    await rm(other);
    await writeFile(fixture, "module.exports = { value: 'kept again' };\n");
    expect(load(cacheDir).stdout).toBe('kept again\n');
    expect(await indexed()).toEqual(['fixture.cjs']);
  });

  it('treats a damaged cache as none, and writes a good one in its place', async () => {
    const cacheDir = path.join(dir, 'damaged');
    await writeFile(fixture, "module.exports = { value: 'third' };\n");
    expect(load(cacheDir).stdout).toBe('third\n');
    const file = path.join(cacheDir, 'code-cache.bin');
    const good = await readFile(file);
    // The index intact, the compiled code scrambled: V8 must refuse it, not run it.
    const indexEnd = 4 + good.readUInt32LE(0);
    const scrambled = Buffer.from(good);
    for (let at = indexEnd; at < scrambled.length; at++) scrambled[at] = (scrambled[at] as number) ^ 0x5a;
    await writeFile(file, scrambled);
    const damaged = load(cacheDir);
    expect(damaged.stderr).toBe('');
    expect(damaged.stdout).toBe('third\n');
    // Garbage from the first byte: no index at all.
    await writeFile(file, Buffer.from('not a cache'));
    expect(load(cacheDir).stdout).toBe('third\n');
    // The next run finds a usable cache again and leaves it as it is.
    const rewritten = statSync(file).mtimeMs;
    expect(load(cacheDir).stdout).toBe('third\n');
    expect(statSync(file).mtimeMs).toBe(rewritten);
  });
});

describe('the papers command with its compile cache', () => {
  it('builds the same report from cached code as from a first run, and a second run compiles nothing', async () => {
    const dir = await tempDir('papers-compile-cache-cli-');
    const cache = path.join(dir, 'cache');
    const args = [CLI, 'build', 'data/reports/commissioning-protocol.yaml', '--format', 'html', '--out'];
    const first = run([...args, path.join(dir, 'first')], cache);
    expect(first.status, first.stderr).toBe(0);
    const seeded = cacheState(cache);
    expect(seeded).toBeDefined();
    const second = run([...args, path.join(dir, 'second')], cache);
    expect(second.status, second.stderr).toBe(0);
    expect(cacheState(cache)).toBe(seeded);
    const html = (name: string) => readFile(path.join(dir, name, 'commissioning-protocol.html'), 'utf8');
    expect(await html('second')).toBe(await html('first'));
  });

  it('loads pdf.js from cached code (the check for text under a box in a PDF paper)', async () => {
    const data = await sampleDataCopy();
    const printer = new Printer();
    try {
      const letter = await printAppendix(printer, { shape: 'report', pages: 2, marker: 'Objector letter' });
      await writeFile(path.join(data, 'appendices', 'boxed.pdf'), await withBoxOver(letter, 0, { x: 30, y: 700, width: 500, height: 80 }));
    } finally {
      await printer.close();
    }
    const meeting = await sampleMeetingData();
    const item = meeting.items.find((entry) => entry.report === 'reports/commissioning-protocol.yaml') as Record<string, unknown>;
    item.appendices = [{ title: 'Objection', file: 'appendices/boxed.pdf' }];
    const file = await writeMeeting(data, 'boxed.yaml', meeting);
    const cache = path.join(await tempDir('papers-compile-cache-pdfjs-'), 'cache');
    const finding = 'boxed.pdf: page 1 has a box drawn over text that is still in the file';
    const first = run([CLI, 'check', file], cache);
    expect(first.stderr).toContain(finding);
    const seeded = cacheState(cache);
    const second = run([CLI, 'check', file], cache);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(finding);
    expect(cacheState(cache)).toBe(seeded);
  });

  it("bundles no import() but the launcher's: one elsewhere would fail from the cache", async () => {
    const bundle = path.dirname(CLI);
    const calls: string[] = [];
    for (const name of (await readdir(bundle)).filter((file) => file.endsWith('.cjs'))) {
      const lines = (await readFile(path.join(bundle, name), 'utf8')).split('\n');
      for (const line of lines) if (/(^|[^\w.$])import\s*\(/.test(line) && !/^\s*(\*|\/\/)/.test(line) && !/@(type|typedef|param|returns)/.test(line)) calls.push(`${name}: ${line.trim()}`);
    }
    expect(calls).toEqual([expect.stringMatching(/^papers-cli\.cjs: return lent \? lent\(specifier\) : import\(specifier\);$/)]);
  });

  it('is left alone with PAPERS_COMPILE_CACHE=off', async () => {
    const dir = await tempDir('papers-compile-cache-off-');
    const result = run([CLI, '--version'], 'off', dir);
    expect(result.status).toBe(0);
    expect(existsSync(path.join(dir, 'off'))).toBe(false);
    expect(cacheState(path.join(dir, 'off'))).toBeUndefined();
  });
});
