// The CLI as one file: an author waits for start-up on every build, and resolving ~600 small
// ES modules took 0.3 s of it (measured: cold start 1.0 s → 0.74 s). puppeteer-core stays
// external (scripts/bundle-options.mjs). The library API is tsc's dist/.
import { defineConfig } from 'rolldown';
import { bundleOptions } from './scripts/bundle-options.mjs';

// From tsc's output (dist/), into dist/bundle; the tests bundle src/ the same way (test/global-setup.ts).
export default defineConfig(bundleOptions((module) => `dist/${module}.js`, 'dist/bundle'));
