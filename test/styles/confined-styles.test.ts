import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { papersCli } from '../helpers/source-bundle.js';
import { checkStyle } from '../../src/render/style-check.js';

/**
 * A style is confined as data is (docs/safety.md): every file it contributes lies inside its
 * folder once links are resolved, is a regular file, and is read with a limit, without blocking;
 * and a file names a style by name or as a folder inside its data folder.
 */
afterAll(removeTempDirs);

const REPORT = 'data/reports/commissioning-protocol.yaml';

/** A style folder with only its configuration (and a logo, when given). */
async function styleFolder(dir: string, config: Record<string, unknown> = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'council.yaml'), stringify({ description: 'A test council', labels: {}, ...config }));
  return dir;
}

/**
 * Builds the sample report's web page with the bundled `papers` in a child process whose memory
 * is bounded (V8's heap, and the address space, for buffers outside it) and which is killed
 * (SIGKILL: a process stuck reading a pipe may not answer SIGTERM) if it has not ended in 10 s.
 */
function buildInChild(style: string, out: string) {
  const started = Date.now();
  const command = `ulimit -v 3000000 && exec "$0" --max-old-space-size=256 "$@"`;
  const run = spawnSync('sh', ['-c', command, process.execPath, papersCli(), 'build', REPORT, '--style', style, '--format', 'html', '--out', out], {
    encoding: 'utf8',
    timeout: 10_000,
    killSignal: 'SIGKILL',
  });
  return { ...run, seconds: (Date.now() - started) / 1000 };
}

describe('a style is read only inside its folder, as data is', () => {
  it('refuses, quickly and in bounded memory, a logo that is a link to /dev/zero', async () => {
    const dir = await styleFolder(await tempDir('papers-style-zero-'), { logo: 'logo.png' });
    await symlink('/dev/zero', path.join(dir, 'logo.png'));
    const out = await tempDir('papers-style-zero-out-');
    const run = buildInChild(dir, out);
    expect(run.signal, `killed: ${run.stderr}`).toBeNull();
    expect(run.status, run.stderr).toBe(78);
    expect(run.seconds).toBeLessThan(10);
    expect(run.stderr).toMatch(/council\.yaml: logo: .*logo\.png: it resolves to \/dev\/zero, outside the style folder/);
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses a logo that is a named pipe, without waiting for a writer', async () => {
    const dir = await styleFolder(await tempDir('papers-style-fifo-'), { logo: 'logo.svg' });
    execFileSync('mkfifo', [path.join(dir, 'logo.svg')]);
    const out = await tempDir('papers-style-fifo-out-');
    const run = buildInChild(dir, out);
    expect(run.signal, `killed: ${run.stderr}`).toBeNull();
    expect(run.status, run.stderr).toBe(78);
    expect(run.stderr).toMatch(/logo\.svg: expected a file, found a named pipe/);
    // papers styles says so too, as the style loads.
    expect((await checkStyle(dir)).problems).toEqual([expect.stringContaining('found a named pipe')]);
  });

  it('refuses a partial that is a link to a file outside the style, and prints nothing of it', async () => {
    const outside = await tempDir('papers-style-outside-');
    await writeFile(path.join(outside, 'secret.hbs'), 'OUTSIDE-THE-STYLE {{title}}');
    const dir = await styleFolder(await tempDir('papers-style-link-'));
    await mkdir(path.join(dir, 'partials'));
    await symlink(path.join(outside, 'secret.hbs'), path.join(dir, 'partials', 'report.hbs'));
    const out = await tempDir('papers-style-link-out-');
    const run = await runCli('build', REPORT, '--style', dir, '--format', 'html', '--out', out);
    expect(run.status, run.stderr).toBe(78);
    expect(run.stderr).toMatch(/partials[/\\]report\.hbs: it resolves to .*secret\.hbs, outside the style folder/);
    expect(run.stdout + run.stderr).not.toContain('OUTSIDE-THE-STYLE');
    expect(await readdir(out)).toEqual([]);
    expect((await checkStyle(dir)).problems).toEqual([expect.stringContaining('outside the style folder')]);
  });

  it('refuses, located, a style: that names a folder outside the data folder; --style may name it', async () => {
    const data = await sampleDataCopy();
    const elsewhere = await styleFolder(await tempDir('papers-style-elsewhere-'), { labels: { executiveSummary: 'FROM-ELSEWHERE' } });
    const reports = path.join(data, 'reports');
    const reference = path.relative(reports, elsewhere).split(path.sep).join('/');
    expect(reference).toMatch(/^\.\.\/\.\.\//);
    const report = parse(await readFile(path.join(reports, 'commissioning-protocol.yaml'), 'utf8')) as Record<string, unknown>;
    const file = path.join(reports, 'styled.yaml');
    await writeFile(file, stringify({ ...report, style: reference }));
    const line = (await readFile(file, 'utf8')).split('\n').findIndex((text) => text.startsWith('style:')) + 1;
    const refused = new RegExp(`styled\\.yaml:${line}:8 style: ${reference.replace(/[.]/g, '\\.')} is outside the data folder`);
    const out = await tempDir('papers-style-elsewhere-out-');
    const built = await runCli('build', file, '--format', 'html', '--out', out);
    expect(built.status, built.stderr).toBe(78);
    expect(built.stderr).toMatch(refused);
    expect(await readdir(out)).toEqual([]);
    const checked = await runCli('check', file);
    expect(checked.status).toBe(78);
    expect(checked.stderr).toMatch(refused);
    // Chosen on the command line, the same folder is the user's choice.
    const chosen = await runCli('build', file, '--format', 'html', '--out', out, '--style', elsewhere);
    expect(chosen.status, chosen.stderr).toBe(0);
    expect(await readFile(path.join(out, 'styled.html'), 'utf8')).toContain('FROM-ELSEWHERE');
  });

  it("refuses, located at the item, a meeting's report whose style: is outside the meeting's data folder", async () => {
    const data = await sampleDataCopy();
    const elsewhere = await styleFolder(await tempDir('papers-style-elsewhere-'));
    const reportFile = path.join(data, 'reports', 'car-parking-strategy.yaml');
    const report = parse(await readFile(reportFile, 'utf8')) as Record<string, unknown>;
    await writeFile(reportFile, stringify({ ...report, style: path.relative(path.dirname(reportFile), elsewhere) }));
    const meeting = await writeMeeting(data, 'elsewhere.yaml', await sampleMeetingData());
    const run = await runCli('check', meeting);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/elsewhere\.yaml:\d+:\d+ items\[6\]\.report: the report .*car-parking-strategy\.yaml: style: .* is outside the data folder/);
  });
});
