import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCouncilConfig } from '../../src/config/council.js';
import type { CouncilConfig } from '../../src/schema/council.js';
import { loadReport } from '../../src/report/load-report.js';
import { renderReportHtml } from '../../src/render/report-html.js';
import { renderedText } from '../helpers/same-text.js';
import { runCli } from '../helpers/cli.js';
import { SAMPLE_REPORT } from '../helpers/sample.js';
import { removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';

const MARKDOWN_SAMPLE = 'data/markdown/commissioning-protocol.md';
let config: CouncilConfig;
let dir: string;

beforeAll(async () => {
  config = await loadCouncilConfig();
  dir = await sampleDataCopy();
});
afterAll(removeDataCopies);

async function problemsOf(name: string, text: string): Promise<string[]> {
  const file = path.join(dir, 'reports', name);
  await writeFile(file, text);
  const loaded = await loadReport(file, config);
  return loaded.ok ? [] : loaded.problems.map((problem) => `${problem.line}:${problem.column}${problem.path ? ` ${problem.path}` : ''} ${problem.message}`);
}

describe('a report written as Markdown', () => {
  it('is the sample report: the same data field by field, and the same text when built', async () => {
    const [fromMarkdown, fromYaml] = await Promise.all([loadReport(MARKDOWN_SAMPLE, config), loadReport(SAMPLE_REPORT, config)]);
    if (!fromMarkdown.ok || !fromYaml.ok) throw new Error('both forms of the sample should load');
    expect(fromMarkdown.value.sections.map((section) => section.paragraphs.length)).toEqual([4, 1, 1, 2, 1]);
    expect(renderedText(fromMarkdown.value)).toEqual(renderedText(fromYaml.value));
    const text = async (loaded: typeof fromYaml) => (await renderReportHtml(loaded.value, config, loaded.images)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(await text(fromMarkdown)).toBe(await text(fromYaml));
  });

  it('names each problem by its line in the .md: front matter, headings and paragraphs', async () => {
    const original = await readFile(MARKDOWN_SAMPLE, 'utf8');
    const lines = original.split('\n');
    const lineOf = (start: string) => lines.findIndex((line) => line.startsWith(start)) + 1;
    // A wrong date in the front matter: at its own line in the file.
    expect(await problemsOf('date.md', original.replace('date: 2012-06-25', 'date: 25/06/2012'))).toEqual([`${lineOf('  date:')}:3 meeting.date expected a date written as YYYY-MM-DD, for example 2012-06-25`]);
    // A section with no paragraph: at its heading.
    expect(await problemsOf('empty.md', original.replace('## Reasons for recommendations\n\nA clear', '## Reasons for recommendations\n\n## Another\n\nA clear'))).toEqual([
      `${lineOf('## Reasons for recommendations')}:1 sections[1].paragraphs expected at least one paragraph`,
    ]);
    // A deeper heading and text before the first section: at their lines.
    expect(await problemsOf('heading.md', original.replace('A formal programme', '### Detail\n\nA formal programme'))).toEqual([
      `${lineOf('A formal programme')}:1 a ### heading: the format numbers only sections (##) and their paragraphs; write it as a ## section, or as bold text in a paragraph`,
    ]);
    expect(await problemsOf('before.md', original.replace('\n## Background', '\nAn opening line.\n\n## Background'))).toEqual([`${lineOf('## Background')}:1 text before the first section: start the body with a ## heading`]);
    expect(await problemsOf('no-front.md', '## Background\n\nText.\n')).toEqual(['1:1 expected the cover fields first, in front matter between two --- lines (council, meeting, title …), then the sections as ## headings']);
  });

  it('can be a meeting’s report, and is checked and built from the command line', async () => {
    await writeFile(path.join(dir, 'reports', 'commissioning-protocol.md'), (await readFile(MARKDOWN_SAMPLE, 'utf8')).replace('../appendices/', '../appendices/'));
    const data = await sampleMeetingData();
    const item = data.items.find((candidate) => candidate.report === 'reports/commissioning-protocol.yaml');
    if (!item) throw new Error('the sample meeting should name the sample report');
    item.report = 'reports/commissioning-protocol.md';
    const meeting = await writeMeeting(dir, 'markdown-meeting.yaml', data);
    const checked = await runCli('check', meeting, path.join(dir, 'reports', 'commissioning-protocol.md'));
    expect(checked.stderr.split('\n').filter((line) => line && !line.includes('warning:'))).toEqual([]);
    expect(checked.status).toBe(0);
    const built = await runCli('build', MARKDOWN_SAMPLE, '--format', 'html', '--out', path.join(dir, 'out'));
    expect(built.status).toBe(0);
  });
});
