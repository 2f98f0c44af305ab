import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fails the run if a test leaves a browser running.
    globalSetup: ['test/global-setup.ts'],
    // PDF tests share one machine's two cores with Chromium; a browser start is slow under load.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Test files in a worker share its modules and its browser (test/helpers/shared-browser.ts):
    // importing the CLI and launching Chromium once per file was most of the suite's time.
    isolate: false,
  },
});
