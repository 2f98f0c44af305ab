import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { PapersError } from '../errors.js';
import { findBrowser, type FoundBrowser } from './find-browser.js';

export interface PrinterOptions {
  /** A Chrome or Chromium executable; found automatically when absent. */
  browserPath?: string;
  /** Longest time one document may take to print, in milliseconds. */
  timeoutMs?: number;
}

export interface PrintRequest {
  html: string;
  /** Headings become bookmarks; packs and reports always want them. */
  outline?: boolean;
}

/** Flags this environment needs: root, offline, no GPU (see the engineering guide). */
const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
  '--font-render-hinting=none',
];

/**
 * The only module that talks to the browser: one browser per run, one reused page,
 * relaunched after a crash, and a page that can load nothing and run no script.
 */
export class Printer {
  private browser: Browser | undefined;
  private page: Page | undefined;
  private launching: Promise<Browser> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  readonly found: FoundBrowser;
  readonly timeoutMs: number;
  /** Browser restarts so far, reported by batch runs. */
  restarts = 0;

  constructor(options: PrinterOptions = {}) {
    this.found = findBrowser(options.browserPath);
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Prints documents one at a time through the same page; retries once on a fresh browser after a crash or hang. */
  print(request: PrintRequest): Promise<Uint8Array> {
    const job = this.queue.then(() => this.printWithRetry(request));
    this.queue = job.catch(() => undefined);
    return job;
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    this.page = undefined;
    if (browser) await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
  }

  /** Process id of the running browser, for monitoring and fault-injection tests. */
  get pid(): number | undefined {
    return this.browser?.process()?.pid ?? undefined;
  }

  private async printWithRetry(request: PrintRequest): Promise<Uint8Array> {
    try {
      return await this.printOnce(request);
    } catch (firstError) {
      await this.discardBrowser();
      this.restarts += 1;
      try {
        return await this.printOnce(request);
      } catch (secondError) {
        await this.discardBrowser();
        throw new PapersError('PRINT_FAILED', `printing failed twice (${message(firstError)}; then ${message(secondError)})`);
      }
    }
  }

  private async printOnce(request: PrintRequest): Promise<Uint8Array> {
    const page = await this.openPage();
    return withTimeout(
      (async () => {
        await page.setContent(request.html, { waitUntil: 'load', timeout: this.timeoutMs });
        return page.pdf({
          printBackground: true,
          preferCSSPageSize: true,
          tagged: true,
          outline: request.outline ?? true,
          timeout: this.timeoutMs,
        });
      })(),
      this.timeoutMs,
    );
  }

  private async openPage(): Promise<Page> {
    if (this.page && !this.page.isClosed() && this.browser?.connected) return this.page;
    const browser = await this.ensureBrowser();
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    // The documents are self-contained: anything they try to fetch is refused.
    page.on('request', (request) => {
      const url = request.url();
      if (url === 'about:blank' || url.startsWith('data:')) void request.continue();
      else void request.abort('blockedbyclient');
    });
    this.page = page;
    return page;
  }

  private async ensureBrowser(): Promise<Browser> {
    if (this.browser?.connected) return this.browser;
    this.launching ??= puppeteer
      .launch({
        executablePath: this.found.executablePath,
        headless: this.found.headlessShell ? 'shell' : true,
        args: BROWSER_ARGS,
        timeout: 30_000,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      })
      .catch((error: unknown) => {
        throw new PapersError('NO_BROWSER', `cannot start the browser ${this.found.executablePath}: ${message(error)}`);
      })
      .finally(() => {
        this.launching = undefined;
      });
    this.browser = await this.launching;
    return this.browser;
  }

  private async discardBrowser(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    this.page = undefined;
    if (!browser) return;
    const child = browser.process();
    await Promise.race([browser.close().catch(() => undefined), delay(2_000)]);
    if (child && child.exitCode === null) child.kill('SIGKILL');
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
