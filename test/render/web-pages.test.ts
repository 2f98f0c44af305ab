import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { sharedSamplePack } from '../helpers/sample-pack.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { axeViolations, reflowProblems, withBrowserPage } from '../helpers/browser-page.js';

afterAll(removeTempDirs);

/** Every HTML file the tool publishes: sample reports built whole, the agenda and each item's page. */
let pages: Array<{ name: string; html: string }>;

beforeAll(async () => {
  const out = await tempDir('papers-web-');
  // Both built whole: a Markdown appendix after the first, a PDF appendix's note in the second.
  expect((await runCli('build', 'data/reports/commissioning-protocol.yaml', 'data/reports/treasury-management-annual-report.yaml', '--format', 'html', '--out', out)).status).toBe(0);
  const meeting = path.join(await sharedSamplePack(), 'council-2012-06-25');
  pages = [
    { name: 'commissioning-protocol.html', html: await readFile(path.join(out, 'commissioning-protocol.html'), 'utf8') },
    { name: 'treasury-management-annual-report.html', html: await readFile(path.join(out, 'treasury-management-annual-report.html'), 'utf8') },
    ...(await Promise.all((await readdir(meeting)).filter((name) => name.endsWith('.html')).map(async (name) => ({ name, html: await readFile(path.join(meeting, name), 'utf8') })))),
  ];
  expect(pages.map((page) => page.name)).toContain('agenda.html');
});

describe('the published web pages', () => {
  it('have no WCAG 2.2 A or AA violation that axe-core finds', async () => {
    await withBrowserPage(1280, async (page) => {
      // The check finds what it looks for: an image without alt text, a page without a title.
      expect(await axeViolations(page, '<!DOCTYPE html><html lang="en"><body><img src="data:,"></body></html>')).toEqual(expect.arrayContaining([expect.stringMatching(/^image-alt:/), expect.stringMatching(/^document-title:/)]));
      for (const { name, html } of pages) expect(await axeViolations(page, html), name).toEqual([]);
    });
  });

  it('reflow at 320 CSS pixels (WCAG 1.4.10): no sideways scrolling, no word broken across lines', async () => {
    await withBrowserPage(320, async (page) => {
      // The check finds what it looks for: a page wider than the screen, a word squeezed into a narrow cell.
      const bad = await reflowProblems(page, '<!DOCTYPE html><html lang="en"><body><div style="width:600px">wide</div><p style="width:30px;overflow-wrap:anywhere">Commissioning</p></body></html>');
      expect(bad.overflow).toBeGreaterThan(0);
      expect(bad.brokenWords).toEqual(['Commissioning']);
      for (const { name, html } of pages) {
        const problems = await reflowProblems(page, html);
        expect(problems.overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
        expect(problems.brokenWords, `${name}: words broken across lines`).toEqual([]);
      }
    });
  });
});
