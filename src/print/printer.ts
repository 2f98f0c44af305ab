import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { PapersError } from '../errors.js';
import { makeRunFolder, removeRunFolder } from '../run-folder.js';
import { findBrowser, type FoundBrowser } from './find-browser.js';

export interface PrinterOptions {
  /** A Chrome or Chromium executable; found automatically when absent. */
  browserPath?: string;
  /** Longest time one document may take to print, in milliseconds. */
  timeoutMs?: number;
  /** Documents printed at once, each on its own page of the one browser (default 2: fastest on 2 cores, measured). */
  concurrency?: number;
  /** What decides the sandbox (default: this machine's, see sandboxFacts); for tests. */
  sandboxFacts?: SandboxFacts;
}

export interface PrintRequest {
  html: string;
  /** Headings become bookmarks; packs and reports always want them. */
  outline?: boolean;
  /** A tagged PDF (the default); a page of running marks only, whose content is all artifacts, needs no tags. */
  tagged?: boolean;
}

/**
 * After a document this large (characters of HTML, about 30 reports) the page is closed rather
 * than reused: its renderer keeps the memory of a big document (measured: 990 MiB of browser
 * memory after three 780-page prints on one page), and closing it gives that back.
 */
const RECYCLE_PAGE_ABOVE_CHARS = 1_000_000;

/** Longest time the browser may take to start, apart from each document's own time limit. */
const LAUNCH_TIMEOUT_MS = 30_000;

/** What decides whether Chromium can keep its sandbox (see sandboxUnavailable). */
export interface SandboxFacts {
  /** process.getuid(), where there is one. */
  uid: number | undefined;
  /** /proc/sys/kernel/unprivileged_userns_clone (Debian's switch), trimmed; undefined where absent. */
  unprivilegedUsernsClone: string | undefined;
  /** /proc/sys/user/max_user_namespaces, trimmed; undefined where absent. */
  maxUserNamespaces: string | undefined;
  /** /proc/sys/kernel/apparmor_restrict_unprivileged_userns (Ubuntu 23.10 on), trimmed; undefined where absent. */
  apparmorRestrictsUserns: string | undefined;
  /** PAPERS_NO_SANDBOX set (to anything but 0): the user turned it off, e.g. in a container whose seccomp profile forbids it. */
  optedOut?: boolean;
}

/**
 * Whether Chromium must run without its sandbox: as root (Chromium refuses to sandbox itself
 * then), or where an ordinary user cannot make the user namespaces the sandbox is built on.
 * Everywhere else the sandbox stays on: the browser renders council-supplied templates.
 */
export function sandboxUnavailable(facts: SandboxFacts): boolean {
  if (facts.uid === 0 || facts.optedOut) return true;
  return facts.unprivilegedUsernsClone === '0' || facts.maxUserNamespaces === '0' || facts.apparmorRestrictsUserns === '1';
}

/** The facts of this machine and process. */
export function sandboxFacts(): SandboxFacts {
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      // Not there (another kernel, not Linux): that switch does not apply.
      return undefined;
    }
  };
  return {
    uid: process.getuid?.(),
    unprivilegedUsernsClone: read('/proc/sys/kernel/unprivileged_userns_clone'),
    maxUserNamespaces: read('/proc/sys/user/max_user_namespaces'),
    apparmorRestrictsUserns: read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
    optedOut: (process.env.PAPERS_NO_SANDBOX ?? '0') !== '0',
  };
}

/** The browser's flags for a machine with these facts. */
export function browserArgs(facts: SandboxFacts = sandboxFacts()): string[] {
  return [...(sandboxUnavailable(facts) ? ['--no-sandbox'] : []), ...COMMON_BROWSER_ARGS];
}

/** Flags for every run: offline, no GPU (see the engineering guide). */
const COMMON_BROWSER_ARGS = [
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

/** This machine's flags: the sandbox off only where it cannot work (see sandboxUnavailable). */
export const BROWSER_ARGS: string[] = browserArgs();

/**
 * The only module that talks to the browser: one browser per run, reused pages, relaunched
 * after a crash or hang, and pages that can load nothing and run no script.
 */
export class Printer {
  private browser: Browser | undefined;
  private launching: Promise<Browser> | undefined;
  /** Bumped at every relaunch, so pages of a dead browser are never reused. */
  private generation = 0;
  private readonly idlePages: Array<{ page: Page; generation: number }> = [];
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;
  readonly found: FoundBrowser;
  readonly timeoutMs: number;
  readonly concurrency: number;
  /** Browser restarts so far, reported by batch runs. */
  restarts = 0;
  /** The flags the browser is started with: without the sandbox where it cannot work (sandboxUnavailable). */
  private args: string[];
  /** Said once when the sandbox could not start and the browser was started without it; reported by batch runs. */
  sandboxWarning: string | undefined;

  constructor(options: PrinterOptions = {}) {
    this.found = findBrowser(options.browserPath);
    this.args = browserArgs(options.sandboxFacts);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.concurrency = Math.max(1, options.concurrency ?? 2);
  }

  /** Prints one document; after a crash or a hang, retries it once on a fresh browser. */
  async print(request: PrintRequest): Promise<Uint8Array> {
    await this.acquire();
    try {
      try {
        return await this.printOnce(request);
      } catch (firstError) {
        if (this.closed) throw unwrap(firstError);
        await this.restart(attemptGeneration(firstError));
        try {
          return await this.printOnce(request);
        } catch (secondError) {
          await this.restart(attemptGeneration(secondError));
          throw new PapersError('PRINT_FAILED', `printing failed twice (${message(unwrap(firstError))}; then ${message(unwrap(secondError))})`);
        }
      }
    } finally {
      this.release();
    }
  }

  /** Starts the browser now, so its launch overlaps the work before the first print. */
  warmUp(): void {
    void this.ensureBrowser().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    // A launch still under way (a run that failed fast after warmUp) must not outlive us.
    await this.launching?.catch(() => undefined);
    const browser = this.browser;
    this.browser = undefined;
    this.idlePages.length = 0;
    if (browser) await Promise.race([browser.close().catch(() => undefined), delay(5_000)]);
    killProcessGroup(browser?.process()?.pid);
    if (browser) removeRunFolder(profiles.get(browser));
  }

  /** Process id of the running browser, for monitoring and fault-injection tests. */
  get pid(): number | undefined {
    return this.browser?.process()?.pid ?? undefined;
  }

  private async printOnce(request: PrintRequest): Promise<Uint8Array> {
    const generation = this.generation;
    let taken: { page: Page; generation: number };
    try {
      // Starting the browser has its own limit (the launch timeout): a slow start on a loaded
      // machine must not use up the time a document has to print.
      await this.ensureBrowser();
      // Opening a page is bounded too: a hung browser would never answer it.
      taken = await withTimeout(this.takePage(), this.timeoutMs);
    } catch (error) {
      throw new AttemptError(error, generation);
    }
    const { page } = taken;
    let healthy = false;
    try {
      const pdf = await withTimeout(
        (async () => {
          await page.setContent(request.html, { waitUntil: 'load', timeout: this.timeoutMs });
          return page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: request.tagged ?? true, outline: request.outline ?? true, timeout: this.timeoutMs });
        })(),
        this.timeoutMs,
      );
      healthy = true;
      return pdf;
    } catch (error) {
      throw new AttemptError(error, taken.generation);
    } finally {
      const reusable = healthy && taken.generation === this.generation && !this.closed && request.html.length <= RECYCLE_PAGE_ABOVE_CHARS;
      if (reusable) this.idlePages.push(taken);
      // A healthy page is closed before the next print, so its memory is back; a failed one is
      // left to the restart (a hung browser would never answer the close).
      else if (healthy) await Promise.race([page.close().catch(() => undefined), delay(5_000)]);
      else void page.close().catch(() => undefined);
    }
  }

  private async takePage(): Promise<{ page: Page; generation: number }> {
    const reusable = this.idlePages.pop();
    if (reusable && reusable.generation === this.generation && !reusable.page.isClosed()) return reusable;
    const browser = await this.ensureBrowser();
    const generation = this.generation;
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    // The documents are self-contained: anything they try to fetch is refused.
    page.on('request', (request) => {
      const url = request.url();
      if (url === 'about:blank' || url.startsWith('data:')) void request.continue().catch(() => undefined);
      else void request.abort('blockedbyclient').catch(() => undefined);
    });
    return { page, generation };
  }

  /**
   * Starts the browser with its sandbox where the facts allow it; where the sandbox still cannot
   * start (a container whose seccomp profile forbids the namespaces it needs), once more without
   * it, saying so (sandboxWarning), rather than failing every print.
   */
  private async launch(): Promise<Browser> {
    const start = async (args: string[]) => {
      const headless = this.found.headlessShell ? ('shell' as const) : true;
      const common = { headless, timeout: LAUNCH_TIMEOUT_MS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false };
      // Its profile in a folder of this run, removed with the browser, or by the next run if this one is killed.
      const userDataDir = makeRunFolder('papers-browser-');
      try {
        // The browser must not outlive this process, even killed by SIGKILL (see parentDeathWrapper).
        const setpriv = parentDeathWrapper();
        // setpriv execs the browser: its pid, and the process group puppeteer gives it, stay the browser's.
        const browser = setpriv
          ? await puppeteer.launch({ ...common, executablePath: setpriv, ignoreDefaultArgs: true, args: ['--pdeathsig', 'KILL', '--', this.found.executablePath, ...puppeteer.defaultArgs({ headless, userDataDir, args: [...args] })] })
          : await puppeteer.launch({ ...common, executablePath: this.found.executablePath, userDataDir, args, pipe: true });
        profiles.set(browser, userDataDir);
        return browser;
      } catch (error) {
        removeRunFolder(userDataDir);
        throw error;
      }
    };
    try {
      return await start(this.args);
    } catch (error) {
      if (this.args.includes('--no-sandbox') || !/sandbox/i.test(message(error))) throw error;
      this.args = ['--no-sandbox', ...this.args];
      this.sandboxWarning = `the browser's sandbox cannot start on this machine (${lineAbout(message(error), /sandbox/i)}); printing without it (set PAPERS_NO_SANDBOX=1 to say so up front)`;
      return start(this.args);
    }
  }

  private async ensureBrowser(): Promise<Browser> {
    if (this.closed) throw new PapersError('PRINT_FAILED', 'the printer is closed');
    if (this.browser?.connected) return this.browser;
    this.launching ??= this.launch()
      .then(async (browser) => {
        if (this.closed) {
          const pid = browser.process()?.pid;
          await Promise.race([browser.close().catch(() => undefined), delay(2_000)]);
          killProcessGroup(pid);
          removeRunFolder(profiles.get(browser));
          throw new PapersError('PRINT_FAILED', 'the printer is closed');
        }
        this.browser = browser;
        return browser;
      })
      .catch((error: unknown) => {
        throw new PapersError('NO_BROWSER', `cannot start the browser ${this.found.executablePath}: ${message(error)}`);
      })
      .finally(() => {
        this.launching = undefined;
      });
    return this.launching;
  }

  /**
   * Kills the browser a failed attempt used (crashed or hung) so the next print starts a new
   * one; a failure from an older browser, already replaced, changes nothing.
   */
  private async restart(failedGeneration: number): Promise<void> {
    if (failedGeneration !== this.generation) return;
    const browser = this.browser;
    this.browser = undefined;
    this.generation += 1;
    this.idlePages.length = 0;
    this.restarts += 1;
    if (!browser) return;
    const pid = browser.process()?.pid;
    await Promise.race([browser.close().catch(() => undefined), delay(2_000)]);
    killProcessGroup(pid);
    removeRunFolder(profiles.get(browser));
  }

  private acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

/**
 * How the browser ends when this process dies, even by SIGKILL, which no handler sees. Measured
 * (kill -9 of a process holding a browser that had printed; 7 processes in its group): left alone,
 * all 7 ran on, parentless, for as long as we watched; started through `setpriv --pdeathsig KILL`
 * (util-linux: the kernel kills the browser when its parent dies), none was left after 26–67 ms,
 * a stopped (hung) browser too; with puppeteer's pipe transport (the browser exits when its pipe
 * closes), none after 70–104 ms, but a stopped browser ran on. So setpriv where it runs, the pipe
 * otherwise (another system, or no util-linux): printing never depends on it. The signal is tied
 * to the thread that started the browser: a Printer used in a worker thread ends with it.
 */
export function parentDeathWrapper(): string | undefined {
  if (setprivFound === undefined) {
    setprivFound = null;
    if (process.platform === 'linux') {
      for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
        const candidate = path.join(dir, 'setpriv');
        // Run once, as the browser would be: an old setpriv without --pdeathsig is not used.
        if (spawnSync(candidate, ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore', timeout: 5_000 }).status === 0) {
          setprivFound = candidate;
          break;
        }
      }
    }
  }
  return setprivFound ?? undefined;
}

let setprivFound: string | null | undefined;

/** Each browser's profile folder (src/run-folder.ts). */
const profiles = new WeakMap<Browser, string>();

/**
 * Puppeteer starts the browser as the leader of its own process group; killing the group ends
 * the browser, its renderers and any wrapper script, even when the browser is hung or stopped.
 */
function killProcessGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** A failed print attempt, with the browser generation it ran on. */
class AttemptError extends Error {
  constructor(
    readonly original: unknown,
    readonly generation: number,
  ) {
    super(message(original));
  }
}

function attemptGeneration(error: unknown): number {
  return error instanceof AttemptError ? error.generation : -1;
}

function unwrap(error: unknown): unknown {
  return error instanceof AttemptError ? error.original : error;
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

/** The line of a (browser's multi-line) message that says what matters. */
function lineAbout(text: string, about: RegExp): string {
  return (
    text
      .split('\n')
      .find((line) => about.test(line))
      ?.trim() ?? text
  );
}
