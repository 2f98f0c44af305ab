import { accessSync, closeSync, constants, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { PapersError } from '../errors.js';

export interface FoundBrowser {
  executablePath: string;
  /** The headless shell is a separate, faster binary that Puppeteer drives as `headless: 'shell'`. */
  headlessShell: boolean;
}

/** Preferred first: the headless shell launches and prints faster than full Chromium. */
const KNOWN_NAMES = ['chromium-headless-shell', 'chrome-headless-shell', 'chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** Finds a browser the way Marp CLI does: explicit option, then environment, then PATH. */
export function findBrowser(explicitPath?: string, env: NodeJS.ProcessEnv = process.env): FoundBrowser {
  const candidates = [explicitPath, env.PAPERS_BROWSER, env.PUPPETEER_EXECUTABLE_PATH, env.CHROME_PATH].filter((value): value is string => Boolean(value));
  for (const candidate of candidates) {
    if (isExecutable(candidate)) return describe(candidate);
    throw new PapersError('NO_BROWSER', `the browser "${candidate}" given by option or environment is not an executable file`);
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of KNOWN_NAMES) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return describe(candidate);
    }
  }
  throw new PapersError(
    'NO_BROWSER',
    [
      'no Chromium browser found, and PDF output needs one.',
      'Install one with:  apt-get install -y chromium-headless-shell   (Debian/Ubuntu, as root)',
      'or point to an installed Chrome/Chromium with --browser PATH or the PAPERS_BROWSER environment variable.',
      'HTML output (--format html) needs no browser.',
    ].join('\n'),
  );
}

function describe(found: string): FoundBrowser {
  const executablePath = unwrap(found);
  return { executablePath, headlessShell: /headless-shell/.test(path.basename(executablePath)) };
}

/**
 * Debian's /usr/bin/chromium-headless-shell is a shell script that runs the real browser as
 * its child without exec. Launched through it, the process Puppeteer holds is the shell: a
 * crash or hang could not be detected or ended by its pid. So the real binary it names is used.
 */
function unwrap(file: string): string {
  let head = '';
  try {
    const descriptor = openSync(file, 'r');
    const buffer = Buffer.alloc(4096);
    const length = readSync(descriptor, buffer, 0, buffer.length, 0);
    closeSync(descriptor);
    head = buffer.subarray(0, length).toString('latin1');
  } catch {
    return file;
  }
  if (!head.startsWith('#!')) return file;
  const name = path.basename(file);
  for (const [candidate] of head.matchAll(/\/[\w./-]+/g)) {
    if (path.basename(candidate) === name && candidate !== file && isExecutable(candidate)) return candidate;
  }
  return file;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
