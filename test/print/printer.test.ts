import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { childrenOf } from '../helpers/processes.js';
import { sharedBrowserPids } from '../helpers/shared-browser.js';
import { Printer } from '../../src/print/printer.js';
import { findBrowser } from '../../src/print/find-browser.js';

/** Browser processes that this test process started, other than the worker's shared ones. */
const ourBrowsers = async () => {
  const shared = await sharedBrowserPids();
  return childrenOf(process.pid, /chrom/).filter((pid) => !shared.includes(pid));
};

describe('the printer', () => {
  it('closes a browser whose launch was still under way when the run ended', async () => {
    const printer = new Printer();
    printer.warmUp();
    await printer.close();
    expect(await ourBrowsers()).toEqual([]);
    await expect(printer.print({ html: '<!DOCTYPE html><title>x</title>' })).rejects.toThrow(/closed/);
  });

  it('says exactly how to get a browser when none is found', () => {
    expect(() => findBrowser(undefined, { PATH: '/nonexistent' })).toThrow(
      /no Chromium browser found[\s\S]*apt-get install -y chromium-headless-shell[\s\S]*--browser PATH or the PAPERS_BROWSER environment variable[\s\S]*HTML output \(--format html\) needs no browser/,
    );
  });

  it('uses the real browser binary, not a wrapper script whose pid is not the browser', () => {
    const found = findBrowser();
    expect(readFileSync(found.executablePath).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  });

  it('prints documents side by side and closes every page and the browser', async () => {
    const printer = new Printer({ concurrency: 2 });
    try {
      const pdfs = await Promise.all([1, 2, 3, 4].map((index) => printer.print({ html: `<!DOCTYPE html><html lang="en"><title>Doc ${index}</title><h1>Document ${index}</h1></html>` })));
      for (const pdf of pdfs) expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    } finally {
      await printer.close();
    }
    expect(await ourBrowsers()).toEqual([]);
  });
});
