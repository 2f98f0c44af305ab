import { afterAll, describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { SAMPLE_REPORT } from '../helpers/sample.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { EXIT_STATUS, PapersError, batchExitStatus, exitStatusOf, type ErrorCode } from '../../src/errors.js';

afterAll(removeTempDirs);

/**
 * Each kind of failure ends the run with its own status (src/errors.ts, README "Exit status"),
 * so a script can tell a missing browser from a mistake in a report.
 */
describe('exit statuses', () => {
  it('are distinct for each kind of failure, and the README lists each', async () => {
    const statuses = Object.values(EXIT_STATUS);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(statuses).not.toContain(0);
    expect(statuses).not.toContain(2);
    const readme = await readFile('README.md', 'utf8');
    for (const [code, status] of Object.entries(EXIT_STATUS)) expect(readme, code).toMatch(new RegExp(`^\\| ${status} \\| \`${code}\` \\|`, 'm'));
    expect(exitStatusOf(new Error('a bug'))).toBe(70);
    expect(exitStatusOf(new PapersError('NO_BROWSER', 'none'))).toBe(69);
  });

  it('of a batch: non-zero when any input failed, the most serious failure deciding', () => {
    expect(batchExitStatus([])).toBe(0);
    expect(batchExitStatus(['INVALID_INPUT'])).toBe(1);
    expect(batchExitStatus(['INVALID_INPUT', 'PRINT_FAILED', 'INVALID_INPUT'])).toBe(5);
    expect(batchExitStatus(['PRINT_FAILED', 'NO_BROWSER'])).toBe(69);
    expect(batchExitStatus(['WRITE_FAILED', 'INTERNAL'])).toBe(70);
    for (const code of Object.keys(EXIT_STATUS) as Array<ErrorCode | 'INTERNAL'>) expect(batchExitStatus([code]), code).toBe(EXIT_STATUS[code]);
  });

  it('1 for an invalid input, even when the other inputs were built', async () => {
    const out = await tempDir('papers-exit-invalid-');
    const run = await runCli('build', 'test/fixtures/reports/broken.yaml', SAMPLE_REPORT, '--out', out, '--format', 'html');
    expect(run.status, run.stderr).toBe(1);
    expect(await readdir(out)).toEqual(['commissioning-protocol.html']);
  });

  it('66 when no file matches', async () => {
    const run = await runCli('check', 'test/fixtures/reports/no-such-*.yaml');
    expect(run.status, run.stderr).toBe(66);
    expect(run.stderr).toContain('no files match');
  });

  it('69 when there is no browser', async () => {
    const out = await tempDir('papers-exit-browser-');
    const run = await runCli('build', SAMPLE_REPORT, '--out', out, '--browser', '/nonexistent/chromium');
    expect(run.status, run.stderr).toBe(69);
    expect(await readdir(out)).toEqual([]);
  });

  it('4 when a style’s template fails as it runs (not 70: the tool has no bug)', async () => {
    const style = await tempDir('papers-exit-render-');
    await writeFile(path.join(style, 'council.yaml'), await readFile('templates/council.yaml'));
    await writeFile(path.join(style, 'report.hbs'), '<!DOCTYPE html><html lang="en"><title>{{title}}</title>{{> no-such-partial}}</html>\n');
    const out = await tempDir('papers-exit-render-out-');
    const run = await runCli('build', SAMPLE_REPORT, '--style', style, '--format', 'html', '--out', out);
    expect(run.status, run.stderr).toBe(4);
    expect(run.stderr).toMatch(/report\.hbs: the template failed as it ran: .*no-such-partial/);
    expect(await readdir(out)).toEqual([]);
  });

  it('78 for a style that is not there', async () => {
    const run = await runCli('check', SAMPLE_REPORT, '--style', 'no-such-style');
    expect(run.status, run.stderr).toBe(78);
    expect(run.stderr).toContain('no style named "no-such-style"');
  });

  it('73 when the output cannot be written', async () => {
    const dir = await tempDir('papers-exit-write-');
    // A file where the output folder should be.
    const out = path.join(dir, 'not-a-folder');
    await writeFile(out, 'a file');
    const run = await runCli('build', SAMPLE_REPORT, '--out', out, '--format', 'html');
    expect(run.status, run.stderr).toBe(73);
    expect(run.stderr).toContain(`cannot write to ${out}`);
  });

  it('2 for a usage error', async () => {
    const run = await runCli('build', SAMPLE_REPORT, '--format', 'pdf,odt');
    expect(run.status).toBe(2);
  });
});
