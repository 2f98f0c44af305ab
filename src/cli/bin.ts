import { main } from './main.js';

// The CLI's entry (bundled as CommonJS, so no top-level await): see launcher.ts.
void main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
