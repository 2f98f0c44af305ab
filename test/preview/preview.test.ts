import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { loadCouncilConfig } from '../../src/config/council.js';
import type { CouncilConfig } from '../../src/schema/council.js';
import { findBrowser } from '../../src/print/find-browser.js';
import { BROWSER_ARGS, Printer } from '../../src/print/printer.js';
import { startPreview, type PreviewServer } from '../../src/preview/preview-server.js';
import { removeDataCopies, sampleDataCopy, SAMPLE_MEETING_NAME } from '../helpers/data-copy.js';
import { readPdf } from '../helpers/pdf.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

/**
 * The preview as an author meets it, in a real browser: edit the file and see the page change
 * (in place, at the same scroll position); break it and see the problem over the last good
 * version; mend it and see the problem go.
 */
let config: CouncilConfig;
let browser: Browser;
let printer: Printer;
let dir: string;
const servers: PreviewServer[] = [];

beforeAll(async () => {
  config = await loadCouncilConfig();
  dir = await sampleDataCopy();
  printer = new Printer();
  const found = findBrowser();
  browser = await puppeteer.launch({ executablePath: found.executablePath, headless: found.headlessShell ? 'shell' : true, args: BROWSER_ARGS });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await browser?.close();
  await printer?.close();
  await removeDataCopies();
  await removeTempDirs();
});

async function open(file: string): Promise<{ page: Page; server: PreviewServer }> {
  const server = await startPreview(file, { config, printer: () => printer });
  servers.push(server);
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 700 });
  await page.goto(server.url, { waitUntil: 'load' });
  return { page, server };
}

/** A request as any page or program could send it, with the headers it chooses (Host: the server's own unless given). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    request({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers: { host: target.host, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

const heading = (page: Page) => page.$eval('h1', (element) => element.textContent?.trim() ?? '');

describe('papers preview', () => {
  it('follows the report as it is saved, in place and at the same scroll position; shows problems over the last good version, and their end', async () => {
    const file = path.join(dir, 'reports', 'commissioning-protocol.yaml');
    const original = await readFile(file, 'utf8');
    const { page } = await open(file);
    expect(await heading(page)).toBe('Commissioning Protocol');
    await page.evaluate(() => window.scrollTo(0, 600));
    // The page is swapped in place, not reloaded: a mark left on the window survives.
    await page.evaluate(() => Object.assign(window, { previewMark: true }));

    await writeFile(file, original.replace('title: Commissioning Protocol', 'title: Commissioning Protocol (revised)'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('(revised)'), { timeout: 10_000 });
    expect(await page.evaluate(() => window.scrollY)).toBe(600);
    expect(await page.evaluate(() => (window as unknown as { previewMark?: boolean }).previewMark)).toBe(true);

    // Broken: a colon inside a value. The last good version stays, the problem over it.
    await writeFile(file, original.replace('title: Commissioning Protocol', 'title: Commissioning: a protocol'));
    await page.waitForSelector('#papers-preview-problems:not([hidden])', { timeout: 10_000 });
    const problems = await page.$$eval('#papers-preview-problems li', (items) => items.map((item) => ({ text: item.textContent ?? '', href: item.querySelector('a')?.getAttribute('href') ?? '' })));
    expect(problems).toEqual([
      { text: expect.stringMatching(/commissioning-protocol\.yaml:\d+:\d+: the value of "title" contains a colon followed by a space/), href: expect.stringMatching(/^vscode:\/\/file\/.*commissioning-protocol\.yaml:\d+:\d+$/) },
    ]);
    expect(await heading(page)).toBe('Commissioning Protocol (revised)');
    expect(await page.$eval('#papers-preview-heading', (element) => element.textContent)).toMatch(/^This file has 1 problem; the preview shows its last good version/);

    // Mended: the problem goes, the page follows.
    await writeFile(file, original.replace('title: Commissioning Protocol', 'title: "Commissioning: a protocol"'));
    await page.waitForSelector('#papers-preview-problems[hidden]', { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Commissioning: a protocol', { timeout: 10_000 });
    await page.close();
  });

  it('shows the real pages at /pdf, only to a request carrying this run’s token', async () => {
    const { server, page } = await open(path.join(dir, 'reports', 'treasury-management-annual-report.yaml'));
    const origin = new URL(server.url).origin;
    const token = new URL(server.url).pathname.split('/')[1] ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Without the token (or with another), nothing is printed or told: the page, its state, its events, its PDF.
    for (const where of ['/', '/pdf', '/state', '/events', `/${'A'.repeat(32)}/pdf`, `/${'A'.repeat(32)}/state`, `/pdf?token=${token}`]) {
      expect((await get(origin + where)).status, where).toBe(403);
    }
    expect((await get(new URL('state', server.url).href)).status).toBe(200);
    const response = await get(new URL('pdf', server.url).href);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(new Uint8Array(response.body));
    expect(pdf.pages.length).toBeGreaterThan(0);
    // The page's own links and requests carry the token: they are relative to its path.
    expect(await page.$eval('#papers-preview-bar a', (link) => link.getAttribute('href'))).toBe('pdf');
    expect(await page.$eval('#papers-preview-bar a', (link) => (link as HTMLAnchorElement).href)).toBe(new URL('pdf', server.url).href);
    await page.close();
  });

  it('cannot be framed by another page, and refuses a request another site makes', async () => {
    const { server, page } = await open(path.join(dir, 'reports', 'commissioning-protocol.yaml'));
    const origin = new URL(server.url).origin;
    // Every answer, refusals too, forbids framing.
    for (const [where, headers, status] of [
      [server.url, {}, 200],
      [new URL('state', server.url).href, {}, 200],
      [new URL('nowhere', server.url).href, {}, 404],
      [`${origin}/state`, {}, 403],
      [new URL('state', server.url).href, { host: 'attacker.example' }, 403],
    ] as const) {
      const response = await get(where, headers);
      expect(response.status, where).toBe(status);
      expect(response.headers['content-security-policy'], where).toMatch(/(^|;\s*)frame-ancestors 'none'/);
      expect(response.headers['x-frame-options'], where).toBe('DENY');
    }
    // A request from another site is refused, with the token or not (a no-cors fetch, a form, an <img>).
    for (const headers of [
      { 'sec-fetch-site': 'cross-site' } as Record<string, string>,
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://attacker.example' },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${Number(new URL(origin).port) + 1}` },
    ]) {
      expect((await get(new URL('pdf', server.url).href, headers)).status, JSON.stringify(headers)).toBe(403);
      expect((await get(new URL('state', server.url).href, headers)).status, JSON.stringify(headers)).toBe(403);
    }
    // The page's own requests (same origin) still answer: the page is live.
    expect((await get(new URL('state', server.url).href, { 'sec-fetch-site': 'same-origin', origin })).status).toBe(200);
    expect((await get(server.url, { 'sec-fetch-site': 'none' })).status).toBe(200);
    await page.close();
  });

  it('reads the previewed file only inside its folder: a link to a file elsewhere is refused', async () => {
    const elsewhere = await tempDir('papers-preview-elsewhere-');
    const secret = path.join(elsewhere, 'secret.yaml');
    await writeFile(secret, (await readFile(path.join(dir, 'reports', 'commissioning-protocol.yaml'), 'utf8')).replace('title: Commissioning Protocol', 'title: Not For This Folder'));
    const link = path.join(dir, 'reports', 'linked-elsewhere.yaml');
    await symlink(secret, link);
    const server = await startPreview(link, { config, printer: () => printer });
    servers.push(server);
    const state = JSON.parse((await get(new URL('state', server.url).href)).body.toString('utf8')) as { ok: boolean; html?: string; problems: Array<{ message: string }> };
    expect(state.ok).toBe(false);
    expect(state.html).toBeUndefined();
    expect(state.problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/^the file is outside the data folder .*reports/)]);
    expect((await get(server.url)).body.toString('utf8')).not.toContain('Not For This Folder');
  });

  it('previews a meeting: its front sheet and every item, following the reports it names', async () => {
    const { page } = await open(path.join(dir, SAMPLE_MEETING_NAME));
    // biome-ignore lint/performance/useDomNodeTextContent: the text as shown to the reader is what is checked
    const text = await page.evaluate(() => document.body.innerText);
    for (const title of ['Commissioning Protocol', 'Treasury Management Annual Report', 'Car Parking Strategy']) expect(text).toContain(title);
    const report = path.join(dir, 'reports', 'car-parking-strategy.yaml');
    const original = await readFile(report, 'utf8');
    const titleLine = original.match(/^title: (.*)$/m)?.[1] ?? '';
    await writeFile(report, original.replace(`title: ${titleLine}`, `title: ${titleLine} – amended`));
    // biome-ignore lint/performance/useDomNodeTextContent: the text as shown to the reader is what is checked
    await page.waitForFunction((expected) => document.body.innerText.includes(expected), { timeout: 10_000 }, `${titleLine} – amended`);
    await page.close();
  });

  it('answers only this machine, by the server’s own name', async () => {
    const { server, page } = await open(path.join(dir, 'reports', 'commissioning-protocol.yaml'));
    const port = new URL(server.url).port;
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `attacker.example:${port}` } }, (response) => resolve(response.statusCode ?? 0))
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/);
    await page.close();
  });
});
