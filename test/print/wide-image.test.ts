import { afterAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { sampleReportData } from '../helpers/sample.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { withBrowserPage } from '../helpers/browser-page.js';
import { figureAlternates, matterhornFindings } from '../helpers/matterhorn.js';

afterAll(removeTempDirs);

describe('a wide screenshot pasted into a report', () => {
  it('is shrunk to the text’s width, and the rest of the report keeps its size', async () => {
    const dir = await tempDir('papers-wide-');
    // A 2,400-pixel-wide screenshot, as authors paste them.
    const png = await withBrowserPage(2400, async (page) => {
      await page.setContent('<body style="margin:0"><div style="width:2400px;height:300px;background:linear-gradient(90deg,#036,#9cf)"></div></body>');
      return page.screenshot({ clip: { x: 0, y: 0, width: 2400, height: 300 } });
    });
    await writeFile(path.join(dir, 'wide.png'), png);
    const plain = sampleReportData();
    const wide = sampleReportData();
    (wide.sections as Array<{ paragraphs: string[] }>)[0]?.paragraphs.push('![Spending by service, 2011/12](wide.png)');
    await writeFile(path.join(dir, 'plain.yaml'), stringify(plain));
    await writeFile(path.join(dir, 'wide.yaml'), stringify(wide));
    const run = await runCli('build', path.join(dir, 'plain.yaml'), path.join(dir, 'wide.yaml'), '--format', 'pdf', '--out', path.join(dir, 'out'));
    expect(run.status).toBe(0);
    const [a, b] = [await readPdf(path.join(dir, 'out', 'plain.pdf')), await readPdf(path.join(dir, 'out', 'wide.pdf'))];
    const sizeOf = (pdf: typeof a) => pdf.items[0]?.find((item) => item.text.includes('Commissioning Protocol'))?.size;
    expect(sizeOf(b)).toBeCloseTo(sizeOf(a) ?? 0, 1);
    expect(b.pageWidths[0]).toBeCloseTo(a.pageWidths[0] ?? 0, 0);
    // The picture is a figure with its alternate text, and the report still meets every checked PDF/UA checkpoint.
    const pdf = new Uint8Array(await readFile(path.join(dir, 'out', 'wide.pdf')));
    expect(b.structureRoles.length).toBeGreaterThan(0);
    expect(await matterhornFindings(pdf, { claimsPdfUa: true })).toEqual([]);
    expect(await figureAlternates(pdf)).toEqual(['Spending by service, 2011/12']);
  });
});
