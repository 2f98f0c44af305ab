import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'rolldown';
import { bundleOptions } from '../../scripts/bundle-options.mjs';

/**
 * The variable naming the folder where this test run bundled src/ as it is now: the pack worker
 * and the qpdf helper that src/bundled-script.ts starts, and the `papers` command that tests
 * start as a process. Set by test/global-setup.ts, inherited by every test worker.
 */
export const BUNDLE_DIR_VARIABLE = 'PAPERS_BUNDLE_DIR';

/**
 * Bundles the CLI, the pack worker and the qpdf helper from the TypeScript source into
 * `dir/bundle`, as the package's build bundles dist/ (scripts/bundle-options.mjs), with the
 * shipped templates precompiled beside it (`dir/precompiled-templates.js`, where the bundled CLI
 * looks for them). `dir` must lie inside the project, where the bundles find node_modules and the
 * shipped templates.
 */
export async function bundleSource(dir: string): Promise<string> {
  const bundle = path.join(dir, 'bundle');
  mkdirSync(bundle, { recursive: true });
  // What a run that was killed before its teardown left beside this one, a day on.
  for (const name of readdirSync(path.dirname(dir))) {
    const left = path.join(path.dirname(dir), name);
    const made = statSync(left, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (left !== dir && Date.now() - made > 86_400_000) rmSync(left, { recursive: true, force: true });
  }
  const root = path.resolve(import.meta.dirname, '..', '..');
  await build(bundleOptions((module) => path.join(root, 'src', `${module}.ts`), bundle).map((options) => ({ ...options, cwd: root })));
  const precompiled = spawnSync(process.execPath, [path.join(root, 'scripts', 'precompile-templates.mjs'), path.join(dir, 'precompiled-templates.js')], { cwd: root, encoding: 'utf8' });
  if (precompiled.status !== 0) throw new Error(`precompiling the templates failed: ${precompiled.stderr}`);
  return bundle;
}

function bundleDir(): string {
  const dir = process.env[BUNDLE_DIR_VARIABLE];
  if (!dir) throw new Error(`${BUNDLE_DIR_VARIABLE} is not set: run the tests through vitest (test/global-setup.ts bundles the source)`);
  return dir;
}

/** The `papers` command bundled from the source as it is now: spawn it with process.execPath. */
export function papersCli(): string {
  return path.join(bundleDir(), 'papers.js');
}

/** The shipped templates as this run precompiled them, which the bundled CLI uses. */
export function precompiledTemplatesFile(): string {
  return path.join(bundleDir(), '..', 'precompiled-templates.js');
}
