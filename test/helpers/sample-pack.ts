import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli.js';
import { producedHtmlProblems, producedPdfFindings } from './produced-outputs.js';

/** The sample meeting, as shipped: its agenda, supplement, exempt item and PDF paper. */
export const SAMPLE_MEETING_FILE = 'data/council-2012-06-25.yaml';

/**
 * The sample meeting packed once for the whole test run (`papers pack`, into a folder of the
 * run's own) and shared by every test that only reads it: the first test to ask builds it, and
 * holds its outputs to the accessibility checks once; any other, in this worker or another,
 * waits for it. Resolves to the output folder (the meeting's files are in its
 * council-2012-06-25/). Never write into it: copy it first.
 */
export async function sharedSamplePack(): Promise<string> {
  const run = process.env.PAPERS_TEST_RUN;
  if (!run) throw new Error('PAPERS_TEST_RUN is not set: run the tests through vitest (test/global-setup.ts)');
  const dir = path.join(tmpdir(), `papers-test-sample-pack-${run}`);
  const done = path.join(dir, 'out');
  const failed = path.join(dir, 'failed.txt');
  try {
    await mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another test builds it: wait for its result, as long as a pack may take.
    for (const waitUntil = Date.now() + 120_000; Date.now() < waitUntil; ) {
      if (await stat(done).catch(() => undefined)) return done;
      const failure = await readFile(failed, 'utf8').catch(() => undefined);
      if (failure !== undefined) throw new Error(`the shared sample pack could not be built: ${failure}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the shared sample pack was not built within 2 minutes (${dir})`);
  }
  const building = path.join(dir, 'building');
  try {
    const run = await runCli('pack', SAMPLE_MEETING_FILE, '--out', building);
    if (run.status !== 0) throw new Error(`papers pack exited ${run.status}: ${run.stderr}`);
    const findings = [...(await producedPdfFindings([building])), ...(await producedHtmlProblems([building]))];
    if (findings.length > 0) throw new Error(`its files fail the accessibility checks:\n${findings.join('\n')}`);
    await rename(building, done);
    return done;
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    await writeFile(failed, error instanceof Error ? error.message : String(error));
    throw error;
  }
}
