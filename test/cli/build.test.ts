import { afterAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { SAMPLE_REPORT, writeSampleReport } from '../helpers/sample.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

async function freshDir(): Promise<string> {
  return tempDir('papers-cli-');
}

afterAll(removeTempDirs);

describe('papers build and check', () => {
  it('check prints every located problem and exits non-zero', async () => {
    const run = await runCli('check', 'test/fixtures/reports/broken.yaml', SAMPLE_REPORT);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`${SAMPLE_REPORT}: valid`);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('test/fixtures/reports/broken.yaml:'))).toHaveLength(9);
    expect(run.stderr).toContain('test/fixtures/reports/broken.yaml:24:7 implications[1].contact.email: expected an email address');
  });

  it('writes nothing for an invalid report, builds the valid ones, and exits non-zero', async () => {
    const out = await freshDir();
    const run = await runCli('build', 'test/fixtures/reports/broken.yaml', SAMPLE_REPORT, '--out', out, '--format', 'html');
    expect(run.status).toBe(1);
    expect(await readdir(out)).toEqual(['commissioning-protocol.html']);
    expect(run.stderr).toContain('1 of 2 report(s) failed; nothing was written for them');
    expect(run.stdout).toMatch(/broken\.yaml\s+FAILED/);
  });

  it('expands globs and reads JSON input', async () => {
    const dir = await freshDir();
    await writeSampleReport(path.join(dir, 'json-report.json'));
    await writeSampleReport(path.join(dir, 'yaml-report.yaml'));
    const out = path.join(dir, 'out');
    const run = await runCli('build', `${dir}/*.{json,yaml}`, '--out', out, '--format', 'html');
    expect(run.status).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['json-report.html', 'yaml-report.html']);
    // Not on a terminal: one line a finished file, not one a stage.
    expect(
      run.stderr
        .split('\n')
        .filter((line) => !line.includes('warning:'))
        .filter(Boolean)
        .sort(),
    ).toEqual([`${path.relative(process.cwd(), dir)}/json-report.json: done`, `${path.relative(process.cwd(), dir)}/yaml-report.yaml: done`]);
  });

  it('refuses a --browser that is not an executable, writing nothing', async () => {
    const out = await freshDir();
    const run = await runCli('build', SAMPLE_REPORT, '--out', out, '--browser', '/nonexistent/chromium');
    expect(run.status).toBe(69);
    expect(run.stderr).toContain('papers: the browser "/nonexistent/chromium" given by option or environment is not an executable file');
    expect(await readdir(out)).toEqual([]);
  });

  it('rejects an unknown format or time limit as a usage error (exit status 2), with what was expected', async () => {
    const format = await runCli('build', SAMPLE_REPORT, '--format', 'odt');
    expect(format.status).toBe(2);
    expect(format.stderr).toContain(`option '-f, --format <formats>' argument 'odt' is invalid. expected one or more of html, pdf, docx, separated by commas; got "odt"`);
    const timeout = await runCli('pack', 'data/council-2012-06-25.yaml', '--timeout', 'soon');
    expect(timeout.status).toBe(2);
    expect(timeout.stderr).toContain(`option '--timeout <seconds>' argument 'soon' is invalid. expected a number of seconds; got "soon"`);
  });

  it('has --help for each command listing only the options it uses, --version, and exits 2 on a usage error', async () => {
    for (const command of ['build', 'check', 'pack', 'import']) {
      const help = await runCli(command, '--help');
      expect(help.status, command).toBe(0);
      expect(help.stdout).toContain(`Usage: papers ${command} [options]`);
      expect(help.stdout).toContain('--templates <dir>');
      // Only the commands that print take a browser and a time limit.
      expect(help.stdout.includes('--browser <path>'), command).toBe(command === 'build' || command === 'pack');
      expect(help.stdout.includes('--timeout <seconds>'), command).toBe(command === 'build' || command === 'pack');
    }
    expect((await runCli('build', '--help')).stdout).toContain('--format <formats>');
    const version = await runCli('--version');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(await (await import('node:fs/promises')).readFile('package.json', 'utf8')).version);
    const wrong = await runCli('bulid', SAMPLE_REPORT);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("unknown command 'bulid'");
  });

  it('check validates meetings too, with their warnings', async () => {
    // The fixtures name the sample reports in data/, so the data folder is the repository.
    const run = await runCli('check', '--root', '.', 'data/council-2012-06-25.yaml', 'test/fixtures/meetings/late-meeting.yaml', 'test/fixtures/meetings/broken-meeting.yaml');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('data/council-2012-06-25.yaml: valid');
    expect(run.stdout).toContain('test/fixtures/meetings/late-meeting.yaml: valid');
    expect(run.stderr).toContain('late-meeting.yaml:13:1 dateOfIssue: warning: issued 2 clear day(s) before the meeting');
    expect(run.stderr).toContain('broken-meeting.yaml:5:1 time: expected a time written as HH:MM');
    expect(run.stderr).toContain('1 of 3 file(s) invalid');
  });

  it('refuses a second input whose output name is taken, instead of overwriting the first', async () => {
    const dir = await freshDir();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'a'));
    await mkdir(path.join(dir, 'b'));
    await writeSampleReport(path.join(dir, 'a', 'report.yaml'));
    await writeSampleReport(path.join(dir, 'b', 'report.yaml'));
    const out = path.join(dir, 'out');
    const run = await runCli('build', path.join(dir, 'a', 'report.yaml'), path.join(dir, 'b', 'report.yaml'), '--out', out, '--format', 'html');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${path.join(dir, 'b', 'report.yaml')}: its output name "report" is already taken by ${path.join(dir, 'a', 'report.yaml')} in this run`);
    expect(await readdir(out)).toEqual(['report.html']);
  });
});
