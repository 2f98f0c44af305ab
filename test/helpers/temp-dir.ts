import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { producedPdfFindings } from './produced-pdfs.js';

const made: string[] = [];

/** A new folder in the system's temporary folder, removed by removeTempDirs (call it from afterAll). */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * Removes the folders, after holding every PDF the tool wrote in them to the Matterhorn checks
 * (produced-pdfs.ts): so each test file that makes a PDF also proves it accessible, and fails
 * here when one is not.
 */
export async function removeTempDirs(): Promise<void> {
  const dirs = made.splice(0);
  try {
    const findings = await producedPdfFindings(dirs);
    if (findings.length > 0) throw new Error(`PDFs these tests made fail the PDF/UA checks:\n${findings.join('\n')}`);
  } finally {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
