import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { sampleReportData } from '../helpers/sample.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

/** A character no installed font has prints as an empty box: the author is told where it is, at check time. */
let dir: string;
beforeAll(async () => {
  dir = await tempDir('papers-glyphs-');
});
afterAll(removeTempDirs);

describe('characters no font can show', () => {
  it('are named with their code point and place; characters the fonts have are not', async () => {
    const data = sampleReportData();
    // U+10FFFD: a private-use character no font has; Welsh, Greek and the en dash are covered.
    data.title = 'Adroddiad blynyddol – Ŵyl ΔΣ \u{10FFFD}';
    const sections = data.sections as Array<{ paragraphs: string[] }>;
    sections[1]?.paragraphs.push('A second unshowable one: \u{10FFFC}.');
    const file = path.join(dir, 'glyphs.yaml');
    await writeFile(file, stringify(data));
    const run = await runCli('check', file);
    expect(run.status).toBe(0);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('warning:'));
    expect(warnings).toEqual([
      expect.stringMatching(/glyphs\.yaml:\d+:1 title: warning: the character U\+10FFFD ".*" is in no font installed here, so it would print as an empty box; install a font that has it/),
      expect.stringMatching(/glyphs\.yaml:\d+:\d+ sections\[1\]\.paragraphs\[1\]: warning: the character U\+10FFFC/),
    ]);
  });
});
