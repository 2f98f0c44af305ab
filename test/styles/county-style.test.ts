import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import mammoth from 'mammoth';
import JSZip from 'jszip';
import { runCli } from '../helpers/cli.js';
import { readPdf, flattenBookmarks, type PdfReading } from '../helpers/pdf.js';
import { matterhornFindings } from '../helpers/matterhorn.js';
import { axeViolations, reflowProblems, withBrowserPage } from '../helpers/browser-page.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { sampleDataCopy } from '../helpers/data-copy.js';
import { resolveStyle } from '../../src/config/styles.js';
import { loadCouncilConfig } from '../../src/config/council.js';
import { jsonSchemaFor, undescribedFields } from '../../src/schema/json-schema.js';
import { loadReport } from '../../src/report/load-report.js';
import { renderReportDocx } from '../../src/word/report-docx.js';
import { importReportDocx } from '../../src/word/import-docx.js';

afterAll(removeTempDirs);

const COUNTY_REPORT = 'data/county/reports/highways-asset-management.yaml';
const COUNTY_MEETING = 'data/county/cabinet-2025-02-03.yaml';

let out: string;
let report: PdfReading;
let pack: PdfReading;
let reportHtml: string;
let agendaHtml: string;

beforeAll(async () => {
  out = await tempDir('papers-county-');
  const built = await runCli('build', COUNTY_REPORT, '--out', out);
  expect(built.status, built.stderr).toBe(0);
  const packed = await runCli('pack', COUNTY_MEETING, '--out', out);
  expect(packed.status, packed.stderr).toBe(0);
  report = await readPdf(path.join(out, 'highways-asset-management.pdf'));
  pack = await readPdf(path.join(out, 'cabinet-2025-02-03', 'public-pack.pdf'));
  reportHtml = await readFile(path.join(out, 'highways-asset-management.html'), 'utf8');
  agendaHtml = await readFile(path.join(out, 'cabinet-2025-02-03', 'agenda.html'), 'utf8');
});

describe('the county style (shipped, declared in styles/county)', () => {
  it('prints its own cover block: From (several people), To, Subject, Decision No, Key decision with its reason, Classification, the pathways, divisions and call-in', () => {
    const first = report.pages[0] ?? '';
    const rows = [
      'From: Mr A. Sample, Cabinet Member for Highways and Transport Ms B. Example, Corporate Director of Growth, Environment and Transport',
      'To: Cabinet – 3 February 2025',
      'Subject: Highways Asset Management Plan 2025–2030',
      'Decision No: 25/00012',
      'Key decision: Yes It involves expenditure of more than £1 million',
      'Classification: Unrestricted',
      'Past Pathway of report: Environment and Transport Cabinet Committee, 14 January 2025',
      'Future Pathway of report: For Cabinet decision',
      'Electoral Division(s): All',
      'Is the decision eligible for call-in? Yes',
    ];
    let from = 0;
    for (const row of rows) {
      const at = first.indexOf(row, from);
      expect(at, row).toBeGreaterThanOrEqual(from);
      from = at + row.length;
    }
    // No council/meeting/title heading above it (the logo names the council), and no accountable member row.
    expect(reportHtml).not.toContain('<p class="council">');
    expect(first).not.toContain('Accountable member');
  });

  it('runs the summary and lettered recommendations as text, implications as numbered sections, then the closing sections in sequence', () => {
    const text = report.pages.join(' ');
    expect(text).toMatch(/Summary: The county's roads, bridges and footways .* Recommendation\(s\): Cabinet is asked to: A\. adopt .* B\. agree .* C\. delegate/);
    // Three levels of paragraph numbers: 2.2 and its sub-paragraphs 2.2.1 …
    expect(text).toContain('2.2 It sets three priorities, each with its own share of the budget: 2.2.1 roads in the worst condition that carry buses');
    for (const heading of [
      '4. Financial implications 4.1',
      '5. Legal implications 5.1',
      '6. Equalities implications',
      '7. Data protection implications',
      '8. Governance implications',
      '9. Recommendations Cabinet is asked to: A. adopt',
      '10. Background documents',
      '11. Appendices Appendix A – Highways Asset Management Plan 2025–2030 (summary) Appendix B – Equality impact assessment',
      '12. Contact details Name Role Telephone Email',
    ]) {
      expect(text, heading).toContain(heading);
    }
    // Three contacts in the table: the author and the two the report names.
    expect(text).toMatch(/Mr D\. Placeholder Asset Manager 03000 410002 .*Ms C\. Specimen Director of Highways and Transportation 03000 410000/);
    // A standalone county report has no page numbers.
    expect(text).not.toMatch(/Page \d+ of \d+/);
  });

  it('letters its appendices in the report, the bookmarks and the appendix headings', () => {
    const titles = flattenBookmarks(report.bookmarks).map((bookmark) => bookmark.title);
    expect(titles).toEqual(expect.arrayContaining(['Appendix A: Highways Asset Management Plan 2025–2030 (summary)', 'Appendix B: Equality impact assessment']));
    const packTitles = flattenBookmarks(pack.bookmarks).map((bookmark) => bookmark.title);
    expect(packTitles).toEqual(expect.arrayContaining(['Item 4: Highways Asset Management Plan 2025–2030', 'Appendix A: Highways Asset Management Plan 2025–2030 (summary)']));
  });

  it('has its own front sheet: who to ask for, the items with their pages inline, the unrestricted and exempt statements, no membership list', () => {
    const front = pack.pages[0] ?? '';
    expect(front).toContain('Ask for: Ms E. Dummy Telephone: 03000 416000');
    expect(front).toMatch(/UNRESTRICTED ITEMS \(During these items the meeting is likely to be open to the public\) 1 Apologies and Substitutes/);
    expect(front).toMatch(/4 Highways Asset Management Plan 2025–2030 \(Pages \d+ – \d+\)/);
    expect(front).toContain('EXEMPT ITEMS');
    // Its appendices, lettered, with their pages.
    expect(front).toMatch(/Appendix A: Highways Asset Management Plan 2025–2030 \(summary\) \(Page \d+\) Appendix B: Equality impact assessment \(Page \d+\)/);
    expect(front).not.toContain('Membership');
    expect(agendaHtml).toContain('<span class="pages-inline">(Pages 3 – 7)</span>');
    expect(reportHtml).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+" alt="Sample County Council">/);
  });

  it('meets the checked PDF/UA checkpoints, and its web pages pass axe and reflow at 320 px', async () => {
    for (const file of [path.join(out, 'highways-asset-management.pdf'), path.join(out, 'cabinet-2025-02-03', 'public-pack.pdf')]) {
      expect(await matterhornFindings(new Uint8Array(await readFile(file)), { claimsPdfUa: true }), file).toEqual([]);
    }
    const itemPages = await Promise.all(['item-3.html', 'item-4.html'].map((name) => readFile(path.join(out, 'cabinet-2025-02-03', name), 'utf8')));
    await withBrowserPage(1280, async (page) => {
      for (const html of [reportHtml, agendaHtml, ...itemPages]) expect(await axeViolations(page, html)).toEqual([]);
    });
    await withBrowserPage(320, async (page) => {
      for (const html of [reportHtml, agendaHtml, ...itemPages]) {
        const reflow = await reflowProblems(page, html);
        expect(reflow.overflow).toBe(0);
        expect(reflow.brokenWords).toEqual([]);
      }
    });
  });

  it('lets a report choose its recommendations’ numbering: a) b) c)', async () => {
    const dir = await sampleDataCopy();
    const data = parse(await readFile(path.join(dir, 'county', 'reports', 'highways-asset-management.yaml'), 'utf8')) as { recommendations: Record<string, unknown> };
    data.recommendations.numbering = 'a)';
    const file = path.join(dir, 'county', 'reports', 'lettered.yaml');
    await writeFile(file, stringify(data));
    const run = await runCli('build', file, '--format', 'html', '--out', path.join(dir, 'out'));
    expect(run.status, run.stderr).toBe(0);
    const html = await readFile(path.join(dir, 'out', 'lettered.html'), 'utf8');
    expect([...html.matchAll(/<span class="recommendation-mark">([^<]+)<\/span>/g)].map((match) => match[1]).slice(0, 3)).toEqual(['a)', 'b)', 'c)']);
  });
});

describe('a county supplementary agenda', () => {
  it('has the county’s front sheet: its statements, who to ask for, the late items with their pages inline and reasons', async () => {
    const data = await sampleDataCopy();
    const meeting = parse(await readFile(path.join(data, 'county', 'cabinet-2025-02-03.yaml'), 'utf8')) as Record<string, unknown>;
    meeting.supplements = [{ dateOfIssue: '2025-01-30', items: [{ type: 'procedural', replaces: 3, title: 'Minutes of the Meeting held on 6 January 2025', papers: 'papers/cabinet-2025-01-06-minutes.md', reason: 'A corrected copy.' }] }];
    const file = path.join(data, 'county', 'cabinet-2025-02-03.yaml');
    await writeFile(file, stringify(meeting));
    const outDir = await tempDir('papers-county-supplement-');
    const run = await runCli('pack', file, '--out', outDir);
    expect(run.status, run.stderr).toBe(0);
    const supplement = await readPdf(path.join(outDir, 'cabinet-2025-02-03', 'supplement-1-public.pdf'));
    const front = supplement.pages[0] ?? '';
    expect(front).toContain('Supplementary agenda 1');
    expect(front).toContain('Ask for: Ms E. Dummy');
    expect(front).toMatch(/UNRESTRICTED ITEMS .* 3 Minutes of the Meeting held on 6 January 2025 \(Page \d+\) Replaces the papers for item 3 in the agenda pack\. .*Reason for lateness A corrected copy\./);
    expect(await matterhornFindings(new Uint8Array(await readFile(path.join(outDir, 'cabinet-2025-02-03', 'supplement-1-public.pdf'))), { claimsPdfUa: true })).toEqual([]);
  });
});

describe('the county style in Word', () => {
  it('writes its cover fields, lettered recommendations and sub-paragraphs into the .docx', async () => {
    const dir = await tempDir('papers-county-docx-');
    const run = await runCli('build', COUNTY_REPORT, '--format', 'docx', '--out', dir);
    expect(run.status, run.stderr).toBe(0);
    const { value: text } = await mammoth.extractRawText({ path: path.join(dir, 'highways-asset-management.docx') });
    for (const expected of [
      'From',
      'Mr A. Sample, Cabinet Member for Highways and Transport',
      'Past Pathway of report',
      'Environment and Transport Cabinet Committee, 14 January 2025',
      'Is the decision eligible for call-in?',
      'A. adopt the Highways Asset Management Plan',
      'C. delegate',
      '2.2.1',
      'roads in the worst condition that carry buses',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('Accountable member');
    // Its appendices are a lettered list in Word too (A. B.), which each appendix heading matches.
    const zip = await JSZip.loadAsync(await readFile(path.join(dir, 'highways-asset-management.docx')));
    expect(await zip.file('word/numbering.xml')?.async('string')).toContain('w:val="upperLetter"');
    // (The cheltenham style numbers them: no lettered list in its document.)
    expect((await runCli('build', 'data/reports/commissioning-protocol.yaml', '--format', 'docx', '--out', dir)).status).toBe(0);
    const seed = await JSZip.loadAsync(await readFile(path.join(dir, 'commissioning-protocol.docx')));
    expect(await seed.file('word/numbering.xml')?.async('string')).not.toContain('upperLetter');
  });
});

describe('the county style from Word', () => {
  it('reads back what it wrote: its cover fields by kind, lettered recommendations, with nothing to look at', async () => {
    const county = await loadCouncilConfig(await resolveStyle('county'));
    const loaded = await loadReport(COUNTY_REPORT, county);
    if (!loaded.ok) throw new Error('the county sample should load');
    const imported = await importReportDocx(await renderReportDocx(loaded.value, county, loaded.images), county, 'highways');
    const original = parse(await readFile(COUNTY_REPORT, 'utf8')) as Record<string, unknown>;
    expect(imported.data.cover).toEqual(original.cover);
    expect(imported.data.recommendations).toEqual(original.recommendations);
    expect(imported.data.appendices).toEqual(original.appendices);
    expect(imported.data.keyDecision).toBe(true);
    expect(imported.notes).toEqual([]);
  });

  it('from the command line: papers import --style county writes a data file in the style, ready to build', async () => {
    // A copy of the data: the data file goes beside the report, where its appendices' paths resolve.
    const data = await sampleDataCopy();
    const reports = path.join(data, 'county', 'reports');
    expect((await runCli('build', path.join(reports, 'highways-asset-management.yaml'), '--format', 'docx', '--out', data)).status).toBe(0);
    const target = path.join(reports, 'imported.yaml');
    const run = await runCli('import', path.join(data, 'highways-asset-management.docx'), '--style', 'county', '--out', target);
    expect(run.status, run.stderr).toBe(0);
    expect(await readFile(target, 'utf8')).toMatch(/^style: county$/m);
    expect((await runCli('check', target)).status).toBe(0);
  });
});

describe('a copy of the county style, changed in its council.yaml only', () => {
  it('leaves its closing sections unnumbered when it says so', async () => {
    const dir = await tempDir('papers-county-copy-');
    const style = path.join(dir, 'mycounty');
    await cp('styles/county', style, { recursive: true });
    const council = parse(await readFile(path.join(style, 'council.yaml'), 'utf8')) as { report: Record<string, unknown> };
    council.report.closingSections = 'unnumbered';
    await writeFile(path.join(style, 'council.yaml'), stringify(council));
    const run = await runCli('build', COUNTY_REPORT, '--style', style, '--format', 'pdf', '--out', dir);
    expect(run.status, run.stderr).toBe(0);
    const text = (await readPdf(path.join(dir, 'highways-asset-management.pdf'))).pages.join(' ');
    expect(text).toContain('8.1 The Director of Highways');
    expect(text).toMatch(/committee each year\. Recommendations Cabinet is asked to/i);
    expect(text).not.toMatch(/\b10\. Background documents/);
    expect(text).toContain('Background documents');
  });
});

describe('a style’s declared shape checks its reports', () => {
  it('names, located, a missing cover field, a value of the wrong kind and a misspelt one; and a cover in a style that has none', async () => {
    const dir = await sampleDataCopy();
    const data = parse(await readFile(path.join(dir, 'county', 'reports', 'highways-asset-management.yaml'), 'utf8')) as { cover: Record<string, unknown>; sections: Array<{ paragraphs: unknown[] }> };
    delete data.cover.pastPathway;
    // A paragraph with sub-paragraphs, one of them with an invisible control character pasted in.
    data.sections[1]!.paragraphs[1] = { text: 'It sets three priorities:', paragraphs: ['roads\u0007 first'] };
    data.cover.callIn = 'yes';
    data.cover.electoralDivison = data.cover.electoralDivisions;
    delete data.cover.electoralDivisions;
    const file = path.join(dir, 'county', 'reports', 'wrong.yaml');
    await writeFile(file, stringify(data));
    const run = await runCli('check', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/wrong\.yaml:\d+:\d+ cover\.pastPathway: required: expected text \(Markdown\)/);
    expect(run.stderr).toMatch(/wrong\.yaml:\d+:\d+ cover\.callIn: expected answer: true or false, and optionally reason/);
    expect(run.stderr).toMatch(/wrong\.yaml:\d+:\d+ cover\.electoralDivison: unknown field; did you mean "electoralDivisions"\?/);
    expect(run.stderr).toMatch(/wrong\.yaml:\d+:\d+ sections\[1\]\.paragraphs\[1\]\.paragraphs\[0\]: expected printable text; found the invisible control character U\+0007/);
    // The same cover in the cheltenham style, which declares none.
    const cheltenham = await runCli('check', file, '--style', 'cheltenham');
    expect(cheltenham.stderr).toMatch(/wrong\.yaml:\d+:\d+ cover: unknown field/);
    expect(cheltenham.stderr).toMatch(/accountableMember: required/);
  });

  it('gives editors the style’s schema, every field described', async () => {
    const county = await loadCouncilConfig(await resolveStyle('county'));
    expect(undescribedFields('report', county.report)).toEqual([]);
    const schema = jsonSchemaFor('report', county.report) as { properties: { cover: { properties: Record<string, { description?: string }> } }; required: string[] };
    expect(schema.properties.cover.properties.pastPathway?.description).toBe('Where the report has been before: cabinet committees, member briefings.');
    expect(schema.required).not.toContain('accountableMember');
    const printed = await runCli('schema', 'report', '--style', 'county');
    expect(JSON.parse(printed.stdout)).toEqual(schema);
    // The copy the style ships, which its starting files point editors to, is current.
    // Regenerate with: npm run papers -- schema report --style county --out styles/county/schema/report.schema.json
    expect(JSON.parse(await readFile('styles/county/schema/report.schema.json', 'utf8'))).toEqual(schema);
  });

  it('starts a new report in the style: its own fields, its schema for the editor, refused only for its placeholders', async () => {
    const dir = await tempDir('papers-county-new-');
    const file = path.join(dir, 'new.yaml');
    const made = await runCli('new', 'report', file, '--style', 'county');
    expect(made.status, made.stderr).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S*styles\/county\/schema\/report\.schema\.json$/m);
    expect(text).toContain('style: "county"');
    const checked = await runCli('check', file);
    expect(checked.status).toBe(1);
    const problems = checked.stderr.split('\n').filter((line) => line.startsWith(file));
    expect(problems.length).toBeGreaterThan(10);
    for (const problem of problems) expect(problem).toMatch(/REPLACE|placeholder/);
  });
});
