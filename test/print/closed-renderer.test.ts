import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import { DEFAULT_TEMPLATES_DIR } from '../../src/config/council.js';
import { runCli } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { sampleReportData } from '../helpers/sample.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

/** Every request that reaches this server is a leak from the renderer. */
let server: Server;
const requests: string[] = [];
let port = 0;
let work: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('LEAKED');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  // A council template built to fetch, frame and script: its pages are not meant to pass axe.
  work = await tempDir('papers-closed-', { checked: false });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A council's template set that tries everything a page can do to reach out or run code. */
async function hostileTemplates(): Promise<string> {
  const dir = path.join(work, 'templates');
  await cp(DEFAULT_TEMPLATES_DIR, dir, { recursive: true });
  const base = `http://127.0.0.1:${port}`;
  const attack = `
<script>document.title = 'SCRIPT RAN'; document.body.insertAdjacentText('afterbegin', 'SCRIPT RAN');</script>
<img src="${base}/image.png" alt="remote image">
<img src="file:///etc/passwd" alt="local file">
<link rel="stylesheet" href="${base}/style.css">
<iframe src="file:///etc/passwd"></iframe>
<iframe src="${base}/frame.html"></iframe>
<iframe srcdoc="<script>parent.document.body.insertAdjacentText('afterbegin', 'FRAME SCRIPT RAN')</script>"></iframe>
<object data="file:///etc/hostname"></object>
<video src="${base}/video.mp4"></video>
<div style="background: url(${base}/inline-background.png)">styled</div>`;
  const report = path.join(dir, 'report.hbs');
  await writeFile(report, (await readFile(report, 'utf8')).replace('<main>', `${attack}\n<main>`));
  const css = path.join(dir, 'styles', 'report.css');
  await writeFile(css, `@import url(${base}/import.css);\n@font-face { font-family: Leak; src: url(${base}/font.woff2); }\nbody { font-family: Leak, Arial; background-image: url(${base}/background.png); }\n${await readFile(css, 'utf8')}`);
  return dir;
}

describe('the closed renderer', () => {
  it('fetches nothing and runs no script, whatever a council template asks for', async () => {
    const templates = await hostileTemplates();
    const input = path.join(work, 'report.yaml');
    const data = sampleReportData();
    data.executiveSummary = `See [the plan](${`http://127.0.0.1:${port}/linked`}) and <img src="http://127.0.0.1:${port}/md.png">.`;
    await writeFile(input, stringify(data));
    const out = path.join(work, 'out');
    const run = await runCli('build', input, '--out', out, '--templates', templates);
    expect(run.stderr).not.toMatch(/FAILED/);
    expect(run.status).toBe(0);
    expect(requests).toEqual([]);
    const pdf = await readPdf(path.join(out, 'report.pdf'));
    const text = pdf.pages.join(' ');
    expect(text).toContain('Commissioning Protocol');
    expect(text).not.toMatch(/SCRIPT RAN|LEAKED|root:x:0:0/);
    expect(text).not.toContain(hostname());
    expect(pdf.info.Title).toBe('Commissioning Protocol – Cheltenham Borough Council');
    // Raw HTML in an author's Markdown is printed as text.
    expect(text).toContain(`<img src="http://127.0.0.1:${port}/md.png">`);
  });

  it('prints hostile text in fields as that text in the PDF', async () => {
    const input = path.join(work, 'hostile-fields.yaml');
    const data = sampleReportData();
    data.title = '<script>alert(1)</script> {{title}} </style>';
    data.wards = '<img src=x onerror=alert(1)> &amp; &lt;b&gt;';
    data.council = `Council${'ABCDEFGHIJ'.repeat(30)}`;
    await writeFile(input, stringify(data));
    const out = path.join(work, 'out-fields');
    const run = await runCli('build', input, '--out', out);
    expect(run.status).toBe(0);
    const pdf = await readPdf(path.join(out, 'hostile-fields.pdf'));
    const text = pdf.pages.join(' ');
    expect(text).toContain('<script>alert(1)</script> {{title}} </style>');
    expect(text).toContain('<img src=x onerror=alert(1)> &amp; &lt;b&gt;');
    expect(pdf.bookmarks[0]?.title).toBe('<script>alert(1)</script> {{title}} </style>');
    // A 300-letter word wraps inside the page instead of running off it.
    for (const [index, items] of pdf.items.entries()) {
      for (const item of items) expect(item.x + item.width, item.text.slice(0, 30)).toBeLessThanOrEqual((pdf.pageWidths[index] ?? 0) - 40);
    }
    expect(text.replace(/\s/g, '')).toContain('ABCDEFGHIJ'.repeat(30));
    expect(requests).toEqual([]);
  });
});
