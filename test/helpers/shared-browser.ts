import puppeteer, { type Browser } from 'puppeteer-core';
import { findBrowser } from '../../src/print/find-browser.js';
import { BROWSER_ARGS, Printer } from '../../src/print/printer.js';

/**
 * One browser per test worker, shared by every test file it runs (vitest runs them with
 * `isolate: false`, one worker process each): launching one per CLI run or per check was most
 * of the suite's time. The printer is lent to the CLI runs (test/helpers/cli.ts); the plain
 * browser runs the axe and reflow checks, which need scripts the printer's pages refuse.
 * Kept on globalThis so a module evaluated again still finds them.
 */
interface Shared {
  printer?: Printer;
  browser?: Promise<Browser>;
  browserPid?: number;
  ending?: boolean;
}
const KEY = Symbol.for('committee-papers.test.shared-browser');
const holder = globalThis as { [KEY]?: Shared };
holder[KEY] ??= {};
const shared: Shared = holder[KEY];

export function sharedPrinter(): Printer {
  if (!shared.printer) {
    shared.printer = new Printer();
    endWithTheWorker();
  }
  return shared.printer;
}

export function sharedBrowser(): Promise<Browser> {
  if (!shared.browser) {
    const found = findBrowser();
    shared.browser = puppeteer.launch({ executablePath: found.executablePath, headless: found.headlessShell ? 'shell' : true, args: BROWSER_ARGS });
    void shared.browser.then((browser) => (shared.browserPid = browser.process()?.pid)).catch(() => undefined);
    endWithTheWorker();
  }
  return shared.browser;
}

/** Process ids of the shared browsers, so a test counting the browsers it started leaves them out. */
export async function sharedBrowserPids(): Promise<number[]> {
  await shared.browser?.catch(() => undefined);
  const pids = [shared.printer?.pid, shared.browserPid];
  return pids.filter((pid): pid is number => pid !== undefined);
}

/**
 * The worker ends by a signal from vitest, or by exiting: either way, each shared browser's
 * process group is killed at once (puppeteer starts the browser as a group of its own), since
 * nothing asynchronous runs at exit.
 */
function endWithTheWorker(): void {
  if (shared.ending) return;
  shared.ending = true;
  const killAll = () => {
    for (const pid of [shared.printer?.pid, shared.browserPid]) {
      if (pid === undefined) continue;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  process.on('exit', killAll);
  process.on('SIGTERM', () => {
    killAll();
    process.exit(143);
  });
}
