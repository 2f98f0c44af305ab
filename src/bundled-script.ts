import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PapersError } from './errors.js';

/**
 * A script run in its own thread or process (`pack-worker.js`, `qpdf-helper.js`): the bundled
 * one in dist/bundle, which starts in 60 ms where the separate modules take 200 ms (measured).
 * The bundled CLI finds it beside itself; the library, the tests (run from src/) and the
 * benchmark find it in the package's dist/.
 */
export function bundledScript(name: string, callerUrl: string): URL {
  const here = path.dirname(fileURLToPath(callerUrl));
  if (path.basename(here) === 'bundle') return new URL(`./${name}`, callerUrl);
  for (let dir = here; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const bundled = path.join(dir, 'dist', 'bundle', name);
    if (existsSync(bundled)) return pathToFileURL(bundled);
  }
  throw new PapersError('ASSEMBLY_FAILED', `the compiled script dist/bundle/${name} is missing: run npm run build`);
}
