import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * Every process this test run starts (test workers, the browsers they launch, CLI children)
 * inherits this variable, so at the end the run can find what it left behind, and only that:
 * another test run, or another program's browser, beside it is never touched.
 */
const RUN_VARIABLE = 'PAPERS_TEST_RUN';

/** Processes other than this one that carry this run's mark in their environment. */
function processesOfRun(run: string): number[] {
  const mark = `${RUN_VARIABLE}=${run}`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(mark);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Fails the run if any test left a process running (a browser, a CLI child), and ends those processes. */
export default function setup(): () => void {
  const run = randomUUID();
  process.env[RUN_VARIABLE] = run;
  return () => {
    const left = processesOfRun(run);
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
      throw new Error(`the tests left ${left.length} process(es) running: ${left.map((pid) => `${pid}`).join(', ')}`);
    }
  };
}
