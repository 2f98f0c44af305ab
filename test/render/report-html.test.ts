import { describe, expect, it } from 'vitest';
import { loadCouncilConfig } from '../../src/config/council.js';
import { renderReportHtml } from '../../src/render/report-html.js';
import { sampleReportData, validReport } from '../helpers/sample.js';

const config = await loadCouncilConfig();
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>{{labels}}</style>';

/** Puts the hostile text into every string of the data, keeping other values valid. */
function poison(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (key === 'email') return value;
    if (key === 'date') return value;
    if (key === 'phone') return value;
    if (key === 'status' || key === 'classification') return value;
    return `${value} ${HOSTILE}`;
  }
  if (Array.isArray(value)) return value.map((item) => poison(item, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, poison(item, name)]));
  return value;
}

describe('report HTML', () => {
  it('is one accessible, self-contained document', async () => {
    const html = await renderReportHtml(await validReport(), config);
    expect(html).toMatch(/^<!DOCTYPE html>\s*<html lang="en-GB">/);
    expect(html).toContain('<title>Commissioning Protocol – Cheltenham Borough Council</title>');
    // Headings in order: one h1, then h2 per section, no level skipped.
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((match) => Number(match[1]));
    expect(levels).toEqual([1, 2, 2, 2, 2, 2]);
    // Every label of the cover and closing tables is a row header.
    expect(html.match(/<th scope="row">/g)).toHaveLength(6 + 6 + 3);
    expect(html).toContain('<th scope="row">Significant Decision</th><td>No</td>');
    // Nothing to fetch: no external stylesheet, script, image or font.
    expect(html).not.toMatch(/<link\b|<script\b|<img\b|url\(|@import/i);
  });

  it('numbers sections and paragraphs itself, in order', async () => {
    const html = await renderReportHtml(await validReport(), config);
    const numbers = [...html.matchAll(/<span class="paragraph-number">([\d.]+)<\/span>/g)].map((match) => match[1]);
    expect(numbers).toEqual(['1.1', '1.2', '1.3', '1.4', '2.1', '3.1', '4.1', '4.2', '5.1']);
    const headings = [...html.matchAll(/class="section-heading">([^<]+)</g)].map((match) => match[1]);
    expect(headings).toEqual(['1. Background', '2. Reasons for recommendations', '3. Alternative options considered', '4. Consultation and feedback', '5. Performance management – monitoring and review']);
  });

  it('shows the recommendations as a real numbered list after the opening line', async () => {
    const html = await renderReportHtml(await validReport(), config);
    expect(html).toMatch(/<p>That Council:<\/p>\s*<ol class="recommendations">\s*<li>endorses the commissioning protocol;<\/li><li>delegates/);
  });

  it('escapes HTML, Handlebars and style breakers in every text field', async () => {
    // Poisoned headings no longer match the council's required rows; this test is about escaping.
    const lenient = { ...config, requiredImplications: [] };
    const html = await renderReportHtml(await validReport(poison(sampleReportData()) as Record<string, unknown>, lenient), config);
    expect(html).not.toMatch(/<script|<img|onerror=alert\(2\)>/);
    expect(html.match(/<style>/g)).toHaveLength(2);
    expect(html.match(/<\/style>/g)).toHaveLength(2);
    // The hostile text is there, as text, in each field (title, cover rows, paragraphs, contacts …).
    const shown = html.split('&lt;script&gt;alert(1)&lt;/script&gt;').length - 1;
    expect(shown).toBeGreaterThanOrEqual(30);
    expect(html).toContain('{{labels}}');
  });

  it('marks a draft on every page and an exempt report with its paragraph', async () => {
    const html = await renderReportHtml(await validReport({ ...sampleReportData(), status: 'draft', classification: 'exempt', exemptParagraphs: [3, 1] }), config);
    expect(html).toContain('class="draft-mark"');
    expect(html).toMatch(/@page \{ @top-center \{ content: "DRAFT"; \} \}/);
    expect(html).toContain('NOT FOR PUBLICATION');
    expect(html).toContain('by virtue of paragraph(s) 1 and 3 of Part 1 of Schedule 12A');
  });

  it('keeps only http, https and mailto links and shows raw HTML in Markdown as text', async () => {
    const data = sampleReportData();
    data.executiveSummary = 'See [the plan](https://example.org/plan), [bad](javascript:alert(1)) and <b>bold</b>.';
    const html = await renderReportHtml(await validReport(data), config);
    expect(html).toContain('<a href="https://example.org/plan">the plan</a>');
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).toContain('[bad](javascript:alert(1))');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('keeps an author’s preformatted text exactly, inside the indented templates', async () => {
    const data = sampleReportData();
    (data.sections as Array<{ paragraphs: string[] }>)[0]!.paragraphs[0] = 'The rule:\n\n```\nline one\n    indented line\n```';
    const html = await renderReportHtml(await validReport(data), config);
    expect(html).toContain('<pre><code>line one\n    indented line\n</code></pre>');
  });
});
