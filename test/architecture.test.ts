import { beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundledScript } from '../src/bundled-script.js';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/**
 * The imports of src/ as dependency-cruiser finds them (type-only imports included), checked
 * against .dependency-cruiser.cjs: no cycle between modules, none between folders. And the order
 * ARCHITECTURE.md gives the folders in (bottom up) is one the imports keep.
 */
let result: ICruiseResult;

beforeAll(async () => {
  const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
  const cruised = await cruise(['src'], options, undefined, { tsConfig: extractTSConfig('tsconfig.json') });
  result = cruised.output as ICruiseResult;
});

/** The folder of src/ a module is in (`assemble` for src/assemble/pdf/stamps.ts); undefined for src/index.ts and the other files at the root. */
function folderOf(module: string): string | undefined {
  return /^src\/([^/]+)\//.exec(module)?.[1];
}

describe('the dependencies of src/', () => {
  it('have no cycle, between modules or between folders (.dependency-cruiser.cjs)', () => {
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    const cycles = result.summary.violations.map((violation) => {
      const path = (violation.cycle ?? []).map((step) => step.name);
      return `${violation.rule.name}: ${[violation.from, ...path].join(' → ')}`;
    });
    expect(cycles).toEqual([]);
  });

  it('run down the order ARCHITECTURE.md gives the folders in', async () => {
    const architecture = await readFile('ARCHITECTURE.md', 'utf8');
    const section = /^## Folder dependencies\n([\s\S]*?)^## /m.exec(architecture)?.[1] ?? '';
    // Each folder as first named there, bottom up: a folder named later may import one named earlier, never the reverse.
    const order = [...new Set([...section.matchAll(/`([a-z-]+)\/`/g)].map((match) => match[1] as string))];
    const folders = (await readdir('src', { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect([...order].sort()).toEqual([...folders].sort());
    const upward = new Set<string>();
    for (const module of result.modules) {
      const from = folderOf(module.source);
      for (const dependency of module.dependencies) {
        const to = folderOf(dependency.resolved);
        if (from && to && order.indexOf(to) > order.indexOf(from)) upward.add(`${from}/ imports ${to}/ (${module.source} → ${dependency.resolved})`);
      }
    }
    expect([...upward]).toEqual([]);
  });
});

describe('the proof the suite gives', () => {
  it('runs the scripts it starts as bundled from the source as it is now, never the last build', async () => {
    const bundle = process.env.PAPERS_BUNDLE_DIR ?? '';
    expect(bundle).not.toBe('');
    for (const name of ['pack-worker.js', 'qpdf-helper.js']) {
      const script = fileURLToPath(bundledScript(name, pathToFileURL(path.resolve('src/assemble/pdf/finish-in-worker.ts')).href));
      expect(script).toBe(path.join(bundle, name));
      // Bundled by this run, after the last change to any source file (a run started before an edit is not current).
      const newestSource = Math.max(...(await readdir('src', { recursive: true })).filter((file) => file.endsWith('.ts')).map((file) => statSync(path.join('src', file)).mtimeMs));
      expect(statSync(script).mtimeMs).toBeGreaterThanOrEqual(newestSource);
    }
  });

  it('lints, and type-checks beside the tests (npm test)', async () => {
    const { scripts } = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.pretest).toMatch(/npm run lint/);
    expect(scripts.lint).toMatch(/^biome check/);
    expect(scripts.test).toBe('node scripts/test.mjs');
    const runner = await readFile('scripts/test.mjs', 'utf8');
    expect(runner).toContain("run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], true)");
    expect(runner).toContain("run('npx', ['vitest', 'run', ...process.argv.slice(2)]");
  });
});
