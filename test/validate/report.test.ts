import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadCouncilConfig } from '../../src/config/council.js';
import { loadReport } from '../../src/report/load-report.js';
import { parseSource } from '../../src/load/source.js';
import { validateReport } from '../../src/validate/report.js';
import { formatProblem } from '../../src/errors.js';
import { SAMPLE_REPORT, sampleReportData } from '../helpers/sample.js';

const config = await loadCouncilConfig();

async function problemsFor(data: unknown): Promise<string[]> {
  const parsed = parseSource('r.yaml', stringify(data));
  if (!parsed.ok) throw new Error('fixture does not parse');
  const result = validateReport(parsed.source, config);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('report validation', () => {
  it('accepts the sample report', async () => {
    const result = await loadReport(SAMPLE_REPORT, config);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.value.implications).toHaveLength(6);
    expect(result.value.sections.map((section) => section.paragraphs.length)).toEqual([4, 1, 1, 2, 1]);
  });

  it('reports every mistake in a broken copy, each with file, line:column, field path and what was expected', async () => {
    const file = 'test/fixtures/reports/broken.yaml';
    const result = await loadReport(file, config);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toEqual([
      `${file}:2:1 accountableOfficer: required: expected text`,
      `${file}:2:1 forwardPlanReference: required for a key decision: expected its forward plan reference`,
      `${file}:5:3 meeting.date: expected a date written as YYYY-MM-DD, for example 2012-06-25`,
      `${file}:6:1 title: expected text, found an empty value`,
      `${file}:8:1 accountableOfficr: unknown field; did you mean "accountableOfficer"?`,
      `${file}:12:23 exemptParagraphs[1]: expected a paragraph number of Schedule 12A, from 1 to 7`,
      `${file}:16:3 recommendations.items: expected at least one recommendation`,
      `${file}:17:1 implications: missing the "Legal implications" row, which this council requires in every report`,
      `${file}:24:7 implications[1].contact.email: expected an email address`,
    ]);
  });

  it('requires the paragraphs of an exempt report', async () => {
    const data = { ...sampleReportData(), classification: 'exempt' };
    expect(await problemsFor(data)).toEqual([expect.stringMatching(/exemptParagraphs: required for an exempt report/)]);
    expect(await problemsFor({ ...data, exemptParagraphs: [3] })).toEqual([]);
  });

  it('rejects wrong types with what was expected', async () => {
    const data = { ...sampleReportData(), keyDecision: 'No', sections: 'Background', status: 'done' };
    const problems = await problemsFor(data);
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/ keyDecision: expected true or false$/), expect.stringMatching(/ sections: expected a list of sections$/), expect.stringMatching(/ status: expected "draft" or "final"$/)]),
    );
    expect(problems).toHaveLength(3);
  });

  it('rejects a document that is not a mapping', async () => {
    expect(await problemsFor(['a list'])).toEqual([expect.stringMatching(/expected a report/)]);
  });
});
