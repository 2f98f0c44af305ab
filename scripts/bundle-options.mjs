// How the CLI, the pack worker and the qpdf helper are bundled, from any of their forms: the
// package's build bundles tsc's output (rolldown.config.mjs), and the tests bundle the TypeScript
// source itself into a folder of their run (test/global-setup.ts), so what a test starts is the
// code as it is now, not the last build.
//
// puppeteer-core stays external: it loads its protocol libraries dynamically. pdfjs-dist loads its
// own worker module at run time, so it stays a package too. A bundle must therefore lie inside the
// project (or the installed package), where Node finds both in node_modules, and where the shipped
// templates are found by walking up from it (src/config/council.ts).
const external = ['puppeteer-core', /^pdfjs-dist/];

/**
 * The bundles rolldown makes.
 *
 * @param {(module: string) => string} input the file of a module of src/, named without its
 *   extension ('cli/bin'): `dist/cli/bin.js` for the build, `src/cli/bin.ts` for the tests.
 * @param {string} outDir where the bundles go (the scripts look for each other there).
 * @returns {import('rolldown').BuildOptions[]}
 */
export function bundleOptions(input, outDir) {
  return [
    {
      // `papers` (the launcher), and the pack worker and the qpdf helper (src/entries/), each started as a file beside the CLI.
      input: { papers: input('cli/launcher'), 'pack-worker': input('entries/pack-worker'), 'qpdf-helper': input('entries/qpdf-helper') },
      platform: 'node',
      external,
      // The source's imports name the .js its .ts compiles to.
      resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
      output: {
        dir: outDir,
        format: 'esm',
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
        // The pack worker loads only the PDF library and the assembly code, not the CLI's parsers and templates.
        codeSplitting: { groups: [{ name: 'pdf-lib', test: /node_modules[\\/](@cantoo|@pdf-lib|pako|tslib)/ }] },
      },
      logLevel: 'warn',
    },
    {
      // The CLI itself, as CommonJS: Node 20 starts it sooner than the same bundle as ES modules
      // (measured: the sample report to HTML in 0.64 s against 0.83 s, --version 0.52 s against 0.60 s).
      input: { 'papers-cli': input('cli/bin') },
      platform: 'node',
      external,
      resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
      output: { dir: outDir, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'papers-cli-[name]-[hash].cjs' },
      logLevel: 'warn',
    },
  ];
}
