// The CLI as one file: an author waits for start-up on every build, and resolving ~600 small
// ES modules took 0.3 s of it (measured: cold start 1.0 s → 0.74 s). puppeteer-core stays
// external: it loads its protocol libraries dynamically. The library API is tsc's dist/.
import { defineConfig } from 'rolldown';

// pdfjs-dist loads its own worker module at run time, so it stays a package too.
const external = ['puppeteer-core', /^pdfjs-dist/];

export default defineConfig([
  {
    // `papers` (the launcher), and the pack worker and the qpdf helper, each started as a file beside the CLI.
    input: { papers: 'dist/cli/launcher.js', 'pack-worker': 'dist/assemble/pdf/pack-worker.js', 'qpdf-helper': 'dist/load/qpdf-helper.js' },
    platform: 'node',
    external,
    output: {
      dir: 'dist/bundle',
      format: 'esm',
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
      // The pack worker loads only the PDF library and the assembly code, not the CLI's parsers and templates.
      advancedChunks: { groups: [{ name: 'pdf-lib', test: /node_modules[\\/](@cantoo|@pdf-lib|pako|tslib)/ }] },
    },
    logLevel: 'warn',
  },
  {
    // The CLI itself, as CommonJS: V8's code cache (src/cli/compile-cache.ts) takes scripts, not ES modules.
    input: { 'papers-cli': 'dist/cli/bin.js' },
    platform: 'node',
    external,
    output: { dir: 'dist/bundle', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'papers-cli-[name]-[hash].cjs' },
    logLevel: 'warn',
  },
]);
