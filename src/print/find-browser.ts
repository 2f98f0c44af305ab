import { accessSync, constants } from 'node:fs';
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

function describe(executablePath: string): FoundBrowser {
  return { executablePath, headlessShell: /headless-shell/.test(path.basename(executablePath)) };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
