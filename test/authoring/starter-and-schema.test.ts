import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse, parseDocument, isScalar, visit } from 'yaml';
import { jsonSchemaFor, undescribedFields, type DocumentKind } from '../../src/schema/json-schema.js';
import { schemaFileOf } from '../../src/authoring/starter.js';
import { loadCouncilConfig } from '../../src/config/council.js';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('papers-starter-');
});
afterAll(removeTempDirs);

function validatorFor(kind: DocumentKind) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(jsonSchemaFor(kind));
}

async function yamlFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true });
  return entries.filter((name) => /\.ya?ml$/.test(name)).map((name) => path.join(folder, name));
}

describe('the JSON Schema editors complete and check with', () => {
  it('accepts every sample report and meeting, and rejects the broken fixtures', async () => {
    const report = validatorFor('report');
    const meeting = validatorFor('meeting');
    // A report in the county style is checked against that style's schema (papers schema --style county).
    const countyReport = (() => {
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      addFormats.default(ajv);
      return loadCouncilConfig(path.join('styles', 'county')).then((county) => ajv.compile(jsonSchemaFor('report', county.report)));
    })();
    // Reports and meetings (outcomes files are another kind).
    const samples = (await yamlFiles('data')).filter((file) => !file.includes(`${path.sep}outcomes${path.sep}`));
    expect(samples.length).toBeGreaterThan(4);
    for (const file of samples) {
      const data = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      const validate = 'committee' in data ? meeting : data.style === 'county' ? await countyReport : report;
      expect(validate(data), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(report(parse(await readFile('test/fixtures/reports/broken.yaml', 'utf8')))).toBe(false);
    expect(report.errors?.map((error) => error.instancePath)).toEqual(expect.arrayContaining(['/meeting/date', '/implications/1/contact/email']));
    expect(meeting(parse(await readFile('test/fixtures/meetings/broken-meeting.yaml', 'utf8')))).toBe(false);
  });

  it('describes every field, and the copies shipped in schema/ are current', async () => {
    for (const kind of ['report', 'meeting'] as const) {
      expect(undescribedFields(kind), kind).toEqual([]);
      const shipped = JSON.parse(await readFile(schemaFileOf(kind), 'utf8')) as unknown;
      // Regenerate with: npm run papers -- schema report --out schema/report.schema.json (and meeting).
      expect(shipped, `schema/${kind}.schema.json is out of date`).toEqual(jsonSchemaFor(kind));
    }
    const printed = await runCli('schema', 'meeting');
    expect(JSON.parse(printed.stdout)).toEqual(jsonSchemaFor('meeting'));
  });
});

describe('papers new', () => {
  it('writes a report with every field commented, pointing the editor at the schema, that check refuses until each placeholder is replaced', async () => {
    const file = path.join(dir, 'budget.yaml');
    const run = await runCli('new', 'report', file);
    expect(run.status).toBe(0);
    const text = await readFile(file, 'utf8');
    const schemaLine = text.match(/^# yaml-language-server: \$schema=(\S+)$/m);
    expect(schemaLine).not.toBeNull();
    expect(existsSync(path.resolve(dir, schemaLine?.[1] ?? ''))).toBe(true);
    // Every top-level field of the schema is there, each under a comment.
    const lines = text.split('\n');
    for (const field of Object.keys((jsonSchemaFor('report').properties ?? {}) as object).filter(
      (name) => !['exemptParagraphs', 'exemptDescription', 'forwardPlanReference', 'forwardPlanDate', 'keyDecisionException', 'exceptionNoticeDate'].includes(name),
    )) {
      const at = lines.findIndex((line) => line.startsWith(`${field}:`));
      expect(at, field).toBeGreaterThan(0);
      expect(lines[at - 1], field).toMatch(/^#/);
    }
    const checked = await runCli('check', file);
    expect(checked.status).toBe(1);
    const problems = checked.stderr.split('\n').filter((line) => line.startsWith(file));
    expect(problems.length).toBeGreaterThan(10);
    for (const problem of problems) expect(problem).toMatch(/: still the placeholder from papers new: write /);

    // With each placeholder replaced, the file is a valid report.
    const document = parseDocument(text);
    visit(document, {
      Scalar(_key, node, ancestors) {
        if (!isScalar(node) || typeof node.value !== 'string' || !node.value.startsWith('REPLACE')) return;
        const pair = ancestors.at(-1) as { key?: { value?: unknown } } | undefined;
        const key = String(pair?.key?.value ?? '');
        node.value = key === 'date' ? '2012-06-25' : key === 'email' ? 'officer@cheltenham.gov.uk' : key === 'phone' ? '01242 264126' : key === 'keyDecision' ? false : 'Written by the author';
      },
    });
    await writeFile(file, document.toString());
    const filled = await runCli('check', file);
    expect(filled.stderr).toBe('');
    expect(filled.stdout).toContain(`${file}: valid`);
  });

  it('writes a report as Markdown when the file is named .md: the cover in front matter, placeholders in the body too', async () => {
    const file = path.join(dir, 'budget.md');
    expect((await runCli('new', 'report', file)).status).toBe(0);
    const checked = await runCli('check', file);
    const problems = checked.stderr.split('\n').filter((line) => line.startsWith(file));
    expect(problems).toContainEqual(expect.stringMatching(/:\d+:1 sections\[0\]\.paragraphs\[0\]: still the placeholder from papers new: write the first paragraph\./));
    for (const problem of problems) expect(problem).toMatch(/: still the placeholder from papers new: write /);
  });

  it('writes a meeting the same way, and does not replace a file unless told', async () => {
    const file = path.join(dir, 'cabinet.yaml');
    expect((await runCli('new', 'meeting', file)).status).toBe(0);
    const checked = await runCli('check', file);
    const problems = checked.stderr.split('\n').filter((line) => line.startsWith(file));
    expect(problems.length).toBeGreaterThan(5);
    for (const problem of problems) expect(problem).toMatch(/: still the placeholder from papers new: write /);
    const again = await runCli('new', 'meeting', file);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('is already there; choose another name, or replace it with --force');
    expect((await runCli('new', 'meeting', file, '--force')).status).toBe(0);
    const wrongKind = await runCli('new', 'minutes', file);
    expect(wrongKind.status).toBe(2);
  });
});
