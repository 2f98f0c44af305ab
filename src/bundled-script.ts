import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PapersError } from './errors.js';

/**
 * A script run in its own thread or process (`pack-worker.js`, `qpdf-helper.js`): the bundled
 * one in dist/bundle, which starts in 60 ms where the separate modules take 200 ms (measured).
 * The bundled CLI finds it beside itself; the library and the benchmark find it in the
 * package's dist/. The tests, run from src/, name in PAPERS_BUNDLE_DIR the folder where their
 * run bundled the source as it is now (test/global-setup.ts), so a test never runs the last build.
 */
export function bundledScript(name: string, callerUrl: string): URL {
  const here = path.dirname(fileURLToPath(callerUrl));
  if (path.basename(here) === 'bundle') return new URL(`./${name}`, callerUrl);
  const testBundle = process.env.PAPERS_BUNDLE_DIR;
  if (testBundle) return pathToFileURL(path.join(testBundle, name));
  for (let dir = here; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const bundled = path.join(dir, 'dist', 'bundle', name);
    if (existsSync(bundled)) return pathToFileURL(bundled);
  }
  throw new PapersError('ASSEMBLY_FAILED', `the compiled script dist/bundle/${name} is missing: run npm run build`);
}
