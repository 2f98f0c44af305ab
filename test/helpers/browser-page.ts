import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { sharedBrowser } from './shared-browser.js';

/**
 * A browser page for looking at the HTML outputs as a reader's browser shows them (scripts on,
 * for the checks the tests run in it; the documents themselves have none). Nothing is fetched.
 */
export async function withBrowserPage<T>(width: number, work: (page: Page) => Promise<T>): Promise<T> {
  // A context of its own on the worker's shared browser: nothing carries over between checks.
  const context = await (await sharedBrowser()).createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport({ width, height: 800 });
    await page.setRequestInterception(true);
    page.on('request', (request) => void (request.url().startsWith('data:') || request.url() === 'about:blank' ? request.continue() : request.abort()).catch(() => undefined));
    return await work(page);
  } finally {
    await context.close();
  }
}

const require = createRequire(import.meta.url);

let axeSource: Promise<string> | undefined;

/** axe-core's WCAG 2.2 A and AA rules run on the page: the violations, as "rule: element" lines. */
export async function axeViolations(page: Page, html: string): Promise<string[]> {
  await page.setContent(html, { waitUntil: 'load' });
  return axeOnLoaded(page);
}

/** axe-core run on the document the page holds now. */
async function axeOnLoaded(page: Page): Promise<string[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: await axeSource });
  return runAxe(page);
}

/** axe-core, already in the page, run on its document: the violations, as "rule: element" lines. */
async function runAxe(page: Page): Promise<string[]> {
  const results = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  )) as { violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> };
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/**
 * Both checks on one page: reflow at the page's width first (as a reader sees it), then axe-core.
 * The document is put in place of the last one (parsed by the browser, its <html> element
 * swapped in) rather than loaded afresh, so axe-core, loaded once into the page, need not be
 * parsed again for each document (a third of each check's time; the same findings as a fresh
 * load, compared on the sample pages and on a broken one). Pictures are decoded before the
 * checks, as a load would wait for them. The page is in standards mode, as every page the tool
 * writes declares.
 */
export async function accessibilityProblems(page: Page, html: string): Promise<{ axe: string[]; reflow: { overflow: number; brokenWords: string[] } }> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    await page.setContent('<!DOCTYPE html><html><head></head><body></body></html>', { waitUntil: 'load' });
    axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    await page.addScriptTag({ content: await axeSource });
  }
  await page.evaluate(async (source) => {
    const next = new DOMParser().parseFromString(source, 'text/html');
    document.replaceChild(document.adoptNode(next.documentElement), document.documentElement);
    // As a load waits for them: a wide picture's size is part of the layout the reflow check measures.
    await Promise.all(Array.from(document.images, (image) => image.decode().catch(() => undefined)));
  }, html);
  const reflow = await reflowOnLoaded(page);
  return { axe: await runAxe(page), reflow };
}

/**
 * Reflow (WCAG 1.4.10) at the page's width: how far the page scrolls sideways, and the words
 * the layout broke across lines (an ordinary word, not a web or mail address).
 */
export async function reflowProblems(page: Page, html: string): Promise<{ overflow: number; brokenWords: string[] }> {
  await page.setContent(html, { waitUntil: 'load' });
  return reflowOnLoaded(page);
}

function reflowOnLoaded(page: Page): Promise<{ overflow: number; brokenWords: string[] }> {
  return page.evaluate(() => {
    const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const brokenWords: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/[^\s\-–/]+/g)) {
        const word = match[0];
        if (word.length < 2 || /[@.:/_]/.test(word.slice(0, -1))) continue;
        const range = document.createRange();
        range.setStart(node, match.index ?? 0);
        range.setEnd(node, (match.index ?? 0) + word.length);
        const lines = new Set(
          Array.from(range.getClientRects())
            .filter((rect) => rect.width > 0)
            .map((rect) => Math.round(rect.top)),
        );
        if (lines.size > 1) brokenWords.push(word);
      }
    }
    return { overflow, brokenWords };
  });
}
