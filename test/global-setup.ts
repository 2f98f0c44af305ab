import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUNDLE_DIR_VARIABLE, bundleSource } from './helpers/source-bundle.js';

/**
 * Every process this test run starts (test workers, the browsers they launch, CLI children)
 * inherits this variable, so at the end the run can find what it left behind, and only that:
 * another test run, or another program's browser, beside it is never touched.
 */
const RUN_VARIABLE = 'PAPERS_TEST_RUN';

/**
 * Processes that carry this run's mark in their environment, other than this one and vitest's
 * own test workers (which may still be on their way out when the run ends).
 */
function processesOfRun(run: string): number[] {
  const mark = `${RUN_VARIABLE}=${run}`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid && !commandOf(Number(entry)).includes('vitest/dist/workers'))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(mark);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').slice(0, 200);
  } catch {
    return '(ended)';
  }
}

/**
 * Bundles src/ as it is now for this run (so a test that starts the CLI, the pack worker or the
 * qpdf helper runs the source, never the last build). Fails the run if any test left a process
 * running (a browser, a CLI child), and ends those processes.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const run = randomUUID();
  process.env[RUN_VARIABLE] = run;
  // Inside the project, where the bundles find node_modules and the shipped templates.
  const bundled = path.resolve('node_modules', '.cache', 'committee-papers-test', run);
  process.env[BUNDLE_DIR_VARIABLE] = await bundleSource(bundled);
  // The hidden-text check's results, kept by PDF hash (src/load/unseen-words.ts): the run's own.
  const hiddenTextCache = path.join(tmpdir(), `papers-test-hidden-text-${run}`);
  process.env.PAPERS_HIDDEN_TEXT_CACHE = hiddenTextCache;
  return async () => {
    rmSync(bundled, { recursive: true, force: true });
    rmSync(hiddenTextCache, { recursive: true, force: true });
    // The accessibility findings kept by content hash (helpers/produced-outputs.ts).
    rmSync(path.join(tmpdir(), `papers-test-checked-${run}`), { recursive: true, force: true });
    // The sample meeting packed once for the run (helpers/sample-pack.ts).
    rmSync(path.join(tmpdir(), `papers-test-sample-pack-${run}`), { recursive: true, force: true });
    // A browser closed by the last test may take a moment to go.
    let left = processesOfRun(run);
    for (let waited = 0; left.length > 0 && waited < 2_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = processesOfRun(run);
    }
    const described = left.map((pid) => `${pid} ${commandOf(pid)}`);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    if (left.length > 0) {
      // A throw in teardown is reported but does not change vitest's exit status by itself.
      process.exitCode = 1;
      throw new Error(`the tests left ${left.length} process(es) running: ${described.join('; ')}`);
    }
  };
}
