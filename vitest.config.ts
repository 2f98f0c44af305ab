import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest test files, started first: on a fresh clone vitest knows no durations and starts
 * the largest files first, and one of these started last would run on alone at the end.
 */
const LONGEST = ['test/assemble/large-pack.test.ts', 'test/pipelines/supplements.test.ts', 'test/print/faults.test.ts', 'test/styles/county-style.test.ts'];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = LONGEST.indexOf(path.relative(import.meta.dirname, file.moduleId));
      return at < 0 ? LONGEST.length : at;
    };
    // Array sort is stable: the rest keep vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Bundles the source for the tests that start processes, and fails the run if a test leaves a browser running.
    globalSetup: ['test/global-setup.ts'],
    // PDF tests share one machine's two cores with Chromium; a browser start is slow under load.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Test files in a worker share its modules and its browser (test/helpers/shared-browser.ts):
    // importing the CLI and launching Chromium once per file was most of the suite's time.
    isolate: false,
    sequence: { sequencer: LongestFirst },
  },
});
