import { cp, readFile, writeFile } from 'node:fs/promises';
import { removeTempDirs, tempDir } from './temp-dir.js';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { CouncilConfig } from '../../src/schema/council.js';
import { loadMeeting } from '../../src/meeting/load-meeting.js';
import type { ResolvedMeeting } from '../../src/meeting/pack-model.js';

export const SAMPLE_MEETING_NAME = 'council-2012-06-25.yaml';

/**
 * A private copy of the sample data folder in a new temporary folder, so a test can change
 * or add files without touching the repository or another test's files.
 */
export async function sampleDataCopy(): Promise<string> {
  const dir = await tempDir('papers-data-');
  await cp('data', dir, { recursive: true });
  return dir;
}

/** Removes every copy this test file made (call from afterAll). */
export const removeDataCopies = removeTempDirs;

/**
 * The sample meeting's agenda as plain data, to be changed by a test: without its supplement,
 * whose late items name agenda items by number (test/pipelines/supplements.test.ts tests those).
 */
export async function sampleMeetingData(): Promise<{ items: Array<Record<string, unknown>> } & Record<string, unknown>> {
  const { supplements: _supplements, ...agenda } = parse(await readFile(path.join('data', SAMPLE_MEETING_NAME), 'utf8')) as { items: Array<Record<string, unknown>> } & Record<string, unknown>;
  return agenda as { items: Array<Record<string, unknown>> } & Record<string, unknown>;
}

/** Writes a meeting into `dir` (a sample data copy) and returns its path. */
export async function writeMeeting(dir: string, name: string, data: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, stringify(data));
  return file;
}

/** The sample meeting, loaded and checked as a pack takes it; throws if it is not valid. */
export async function loadSampleMeeting(config: CouncilConfig): Promise<ResolvedMeeting> {
  const loaded = await loadMeeting(path.join('data', SAMPLE_MEETING_NAME), config);
  if (!loaded.ok) throw new Error(`the sample meeting should load: ${loaded.problems.map((problem) => problem.message).join('; ')}`);
  return loaded.value;
}
