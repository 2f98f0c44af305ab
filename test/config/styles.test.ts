import { afterAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { listStyles } from '../../src/config/styles.js';
import { checkStyle } from '../../src/render/style-check.js';
import { loadCouncilConfig } from '../../src/config/council.js';
import { loadTemplates } from '../../src/render/templates.js';

afterAll(removeTempDirs);

/** A style folder holding only what it changes: its configuration, with some labels of its own. */
async function styleFolder(dir: string, labels: Record<string, string>, description = 'A test council'): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'council.yaml'), stringify({ description, labels }));
  return dir;
}

describe('house styles', () => {
  it('papers styles lists the shipped styles, each checked as it loads', async () => {
    const run = await runCli('styles');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^cheltenham {2}\(shipped, .*templates\): Cheltenham Borough Council/m);
  });

  it('finds a council’s own styles in ./styles, and reports a label of its own that nothing uses (a misspelt key)', async () => {
    const cwd = await tempDir('papers-styles-');
    await styleFolder(path.join(cwd, 'styles', 'borough'), { executiveSummary: 'Summary', keyDecison: 'Key decision?' });
    const styles = await listStyles(cwd);
    expect(styles.map((style) => `${style.name} ${style.where}`)).toEqual(expect.arrayContaining(['cheltenham shipped', 'borough local']));
    const check = await checkStyle(path.join(cwd, 'styles', 'borough'));
    expect(check.problems).toEqual([]);
    expect(check.unusedLabels).toEqual([expect.stringMatching(/borough[/\\]council\.yaml: labels\.keyDecison is used by no template \(did you mean keyDecision\?\)$/)]);
    // A local folder named like a shipped style is hidden by it, and said so.
    await styleFolder(path.join(cwd, 'styles', 'county'), {});
    expect((await listStyles(cwd)).find((style) => style.name === 'county')).toMatchObject({ where: 'shipped', hides: path.join(cwd, 'styles', 'county') });
  });

  it('refuses, when the style loads, a template that names a label the style does not have', async () => {
    const dir = await styleFolder(await tempDir('papers-style-missing-'), {});
    await mkdir(path.join(dir, 'partials'));
    await writeFile(path.join(dir, 'partials', 'contact-line.hbs'), '{{label "contactPerson"}}: {{name}}');
    const config = await loadCouncilConfig(dir);
    await expect(loadTemplates(config)).rejects.toThrow(/contact-line\.hbs: uses the label contactPerson, which .*council\.yaml does not have under labels/);
    expect((await checkStyle(dir)).problems).toEqual([expect.stringContaining('uses the label contactPerson')]);
  });

  it('names, located in the style’s own council.yaml, a mistake in its declared shape', async () => {
    const dir = await tempDir('papers-style-broken-');
    await writeFile(
      path.join(dir, 'council.yaml'),
      stringify({
        labels: {},
        report: {
          cover: [
            { name: 'from', label: 'From', kind: 'persons' },
            { name: 'Past pathway', label: 'Past', kind: 'text' },
          ],
          numbering: { appendices: 'roman' },
        },
      }),
    );
    const check = await checkStyle(dir);
    const said = check.problems.join('\n');
    expect(said).toMatch(/council\.yaml:\d+:\d+ report\.cover\[0\]\.kind: expected one of text, markdown, person, people, date, yes-no, yes-no-reason, choice/);
    expect(said).toMatch(/council\.yaml:\d+:\d+ report\.cover\[1\]\.name: expected a field name in camelCase/);
    expect(said).toMatch(/council\.yaml:\d+:\d+ report\.numbering\.appendices: expected numbers or letters/);
    const run = await runCli('check', 'data/reports/commissioning-protocol.yaml', '--style', dir);
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('report.cover[0].kind');
  });

  it('builds a report in the style it names (style:), unless --style says otherwise', async () => {
    const data = await sampleDataCopy();
    // A folder a report names lies in its own folder's tree (test/styles/confined-styles.test.ts).
    await styleFolder(path.join(data, 'reports', 'house'), { executiveSummary: 'Summary of the report' });
    const report = parse(await readFile(path.join(data, 'reports', 'commissioning-protocol.yaml'), 'utf8')) as Record<string, unknown>;
    const file = path.join(data, 'reports', 'styled.yaml');
    await writeFile(file, stringify({ ...report, style: './house' }));
    const out = await tempDir('papers-style-out-');
    const own = await runCli('build', file, '--format', 'html', '--out', out);
    expect(own.status, own.stderr).toBe(0);
    expect(await readFile(path.join(out, 'styled.html'), 'utf8')).toContain('Summary of the report');
    const forced = await runCli('build', file, '--format', 'html', '--out', out, '--style', 'cheltenham');
    expect(forced.status, forced.stderr).toBe(0);
    const html = await readFile(path.join(out, 'styled.html'), 'utf8');
    expect(html).not.toContain('Summary of the report');
    expect(html).toContain('Executive summary');
  });

  it('names an unknown style, with the nearest name, and goes on with the other files', async () => {
    const data = await sampleDataCopy();
    const report = parse(await readFile(path.join(data, 'reports', 'commissioning-protocol.yaml'), 'utf8')) as Record<string, unknown>;
    const file = path.join(data, 'reports', 'misnamed.yaml');
    await writeFile(file, stringify({ ...report, style: 'cheltnham' }));
    const out = await tempDir('papers-style-out-');
    const run = await runCli('build', file, path.join(data, 'reports', 'commissioning-protocol.yaml'), '--format', 'html', '--out', out);
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/misnamed\.yaml:\d+:\d+ style: no style named "cheltnham"; did you mean "cheltenham"\?/);
    expect(run.stdout).toMatch(/commissioning-protocol\.yaml\s+ok/);
  });

  it('refuses a meeting whose report is in another style: a pack is in one style', async () => {
    const data = await sampleDataCopy();
    await styleFolder(path.join(data, 'house'), { executiveSummary: 'Summary of the report' });
    const reportFile = path.join(data, 'reports', 'car-parking-strategy.yaml');
    const report = parse(await readFile(reportFile, 'utf8')) as Record<string, unknown>;
    await writeFile(reportFile, stringify({ ...report, style: '../house' }));
    const meeting = await writeMeeting(data, 'one-style.yaml', await sampleMeetingData());
    const run = await runCli('check', meeting);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/one-style\.yaml:\d+:\d+ items\[6\]\.report: the report .*car-parking-strategy\.yaml is in the style \.\.\/house, and this meeting's packs are in cheltenham: give both the same style/);
  });
});
