import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseSource } from '../../src/load/source.js';
import { runCli } from '../helpers/cli.js';
import { SAMPLE_REPORT, sampleReportData } from '../helpers/sample.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

/** Messages an author who is not a programmer can act on, each still located. */
let dir: string;
beforeAll(async () => {
  dir = await tempDir('papers-messages-');
});
afterAll(removeTempDirs);

function problemsOf(text: string): string[] {
  const result = parseSource('report.yaml', text);
  return result.ok ? [] : result.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
}

describe('YAML slips, said with what to do', () => {
  it('a colon inside a value: quote the value (shown quoted)', () => {
    expect(problemsOf('council: X\ntitle: Budget: 2012 to 2013\n')).toEqual(['2:8 the value of "title" contains a colon followed by a space, which YAML reads as another field; put the whole value in quotes: title: "Budget: 2012 to 2013"']);
  });

  it('a line indented further than its neighbours: placed at that line, not the one above', () => {
    expect(problemsOf('meeting:\n  body: Council\n   date: 2012-06-25\n')).toEqual([
      '3:4 this line is indented more than the line above it, so YAML reads it as part of that line; indent it like the other fields at its level (with spaces)',
    ]);
  });

  it('a tab, an unclosed quote, a line without a colon, a field given twice', () => {
    expect(problemsOf('meeting:\n\tbody: Council\n')).toEqual(['2:1 this line is indented with a tab; YAML needs spaces for indentation']);
    expect(problemsOf('title: "Budget\nwards: All\n')[0]).toMatch(/a quoted value is not closed; add the closing quote/);
    expect(problemsOf('title: Budget\nthis is a sentence\nwards: All\n')).toEqual([
      '2:1 this line is not a "field: value" line and not indented under one; add the missing colon, indent a continued value under its field, or put a long value in quotes',
    ]);
    expect(problemsOf('title: A\ntitle: B\n')).toEqual(['2:1 this field ("title") is given twice at the same level; keep one']);
  });
});

describe('fields and files, said where the author works', () => {
  it('a misspelt field: the field it most likely means, at any depth; otherwise the fields there are', async () => {
    const data = sampleReportData();
    const implications = data.implications as Array<Record<string, unknown>>;
    const [first] = implications;
    if (first) {
      first.contcat = first.contact;
      delete first.contact;
    }
    data.colour = 'blue';
    const file = path.join(dir, 'misspelt.yaml');
    await writeFile(file, stringify(data));
    const run = await runCli('check', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/implications\[0\]\.contcat: unknown field; did you mean "contact"\?/);
    expect(run.stderr).toMatch(/colour: unknown field; expected one of: council, style, meeting, title, status, classification/);
  });

  it('a meeting given to build is told to use pack, and a report given to pack the reverse', async () => {
    const asReport = await runCli('check', 'data/council-2012-06-25.yaml', '--root', '.');
    expect(asReport.status).toBe(0);
    const built = await runCli('build', 'data/council-2012-06-25.yaml', '--format', 'html', '--out', path.join(dir, 'out'));
    expect(built.status).toBe(1);
    expect(built.stderr).toMatch(/data\/council-2012-06-25\.yaml:\d+:1: this is a meeting \(it has committee and items\), not a report: a meeting is built as an agenda pack \(papers pack\)/);
    const packed = await runCli('pack', SAMPLE_REPORT, '--out', path.join(dir, 'out'));
    expect(packed.status).toBe(1);
    expect(packed.stderr).toMatch(/commissioning-protocol\.yaml:\d+:1: this is a report \(it has title and sections\), not a meeting: a report is built on its own \(papers build\)/);
  });

  it('an appendix file that is missing or of the wrong kind is said by check and build, located at the file (an error when building the whole report)', async () => {
    const data = sampleReportData();
    data.appendices = [
      { title: 'Plan', file: 'plan.md' },
      { title: 'Costs', file: 'costs.docx' },
      { title: 'Map', file: 'map.pdf' },
    ];
    const file = path.join(dir, 'appendices.yaml');
    await writeFile(file, stringify(data));
    await writeFile(path.join(dir, 'map.pdf'), 'not really a PDF');
    await copyFile('data/appendices/commissioning-protocol.md', path.join(dir, 'present.md'));
    const run = await runCli('check', file);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('warning:'));
    expect(warnings).toEqual([
      expect.stringMatching(/appendices\.yaml:\d+:\d+ appendices\[0\]\.file: warning: plan\.md: file not found \(the path is relative to this report's folder\)/),
      expect.stringMatching(/appendices\[1\]\.file: warning: costs\.docx: expected a Markdown \(\.md\), report data \(\.yaml, \.json\) or PDF \(\.pdf\) file/),
      expect.stringMatching(/appendices\[2\]\.file: warning: map\.pdf: expected a PDF file; this one has no PDF header/),
    ]);
    // Building the whole report needs them: an error there, located the same way; without the appendices, a warning.
    const built = await runCli('build', file, '--format', 'html', '--out', path.join(dir, 'built'));
    expect(built.status).toBe(1);
    expect(built.stderr).toMatch(/appendices\.yaml:\d+:\d+ appendices\[0\]\.file: plan\.md: file not found/);
    const without = await runCli('build', file, '--format', 'html', '--no-appendices', '--out', path.join(dir, 'built'));
    expect(without.status).toBe(0);
    expect(without.stderr).toContain('appendices[0].file: warning: plan.md: file not found');
  });
});
