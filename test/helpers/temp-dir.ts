import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { producedHtmlProblems, producedPdfFindings } from './produced-outputs.js';

const made: string[] = [];
/** Folders whose outputs are not checked: made on purpose from a hostile template. */
const unchecked = new Set<string>();

/**
 * A new folder in the system's temporary folder, removed by removeTempDirs (call it from
 * afterAll). With `checked: false` what the tool writes there is not held to the accessibility
 * checks: only for a test that makes the tool render a template built to misbehave.
 */
export async function tempDir(prefix: string, options: { checked?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  made.push(dir);
  if (options.checked === false) unchecked.add(dir);
  return dir;
}

/**
 * Removes the folders, after holding every PDF the tool wrote in them to the Matterhorn checks
 * and every web page to axe-core and reflow at 320 px (produced-outputs.ts): so each test file
 * that makes a PDF or a page also proves it accessible, and fails here when one is not.
 */
export async function removeTempDirs(): Promise<void> {
  const dirs = made.splice(0);
  const checked = dirs.filter((dir) => !unchecked.has(dir));
  try {
    const findings = [...(await producedPdfFindings(checked)), ...(await producedHtmlProblems(checked))];
    if (findings.length > 0) throw new Error(`files these tests made fail the accessibility checks:\n${findings.join('\n')}`);
  } finally {
    for (const dir of dirs) unchecked.delete(dir);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
