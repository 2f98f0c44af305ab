import { afterAll, describe, expect, it } from 'vitest';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findBrowser } from '../../src/print/find-browser.js';
import { Printer } from '../../src/print/printer.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);
import { BROWSER_ARGS, browserArgs, sandboxFacts, sandboxUnavailable, type SandboxFacts } from '../../src/print/printer.js';

/** An ordinary user on a kernel that lets users make namespaces (most desktops and servers). */
const ordinaryUser: SandboxFacts = { uid: 1000, unprivilegedUsernsClone: '1', maxUserNamespaces: '63707', apparmorRestrictsUserns: undefined };

describe("the browser's sandbox", () => {
  it('stays on for an ordinary user where user namespaces can be made', () => {
    expect(sandboxUnavailable(ordinaryUser)).toBe(false);
    expect(sandboxUnavailable({ ...ordinaryUser, unprivilegedUsernsClone: undefined })).toBe(false);
    expect(browserArgs(ordinaryUser)).not.toContain('--no-sandbox');
    expect(browserArgs(ordinaryUser)).toContain('--disable-gpu');
  });

  it('is off as root, where Chromium will not sandbox itself', () => {
    expect(sandboxUnavailable({ ...ordinaryUser, uid: 0 })).toBe(true);
    expect(browserArgs({ ...ordinaryUser, uid: 0 })).toContain('--no-sandbox');
  });

  it('is off where users cannot make user namespaces', () => {
    expect(sandboxUnavailable({ ...ordinaryUser, unprivilegedUsernsClone: '0' })).toBe(true);
    expect(sandboxUnavailable({ ...ordinaryUser, maxUserNamespaces: '0' })).toBe(true);
    expect(sandboxUnavailable({ ...ordinaryUser, apparmorRestrictsUserns: '1' })).toBe(true);
    expect(sandboxUnavailable({ ...ordinaryUser, apparmorRestrictsUserns: '0' })).toBe(false);
  });

  it("follows this machine's facts (the tests run as root, so the real browser runs without it)", () => {
    expect(BROWSER_ARGS.includes('--no-sandbox')).toBe(sandboxUnavailable(sandboxFacts()));
    if (process.getuid?.() === 0) expect(BROWSER_ARGS).toContain('--no-sandbox');
  });

  it('is turned off by PAPERS_NO_SANDBOX, for a machine the facts do not tell about', () => {
    expect(sandboxUnavailable({ ...ordinaryUser, optedOut: true })).toBe(true);
    expect(browserArgs({ ...ordinaryUser, optedOut: true })).toContain('--no-sandbox');
  });

  it('is given up, and the user told, where it cannot start after all (a container whose seccomp profile forbids it)', async () => {
    const dir = await tempDir('papers-sandbox-');
    // A browser that fails as Chromium does without a usable sandbox, unless started without one.
    const real = findBrowser().executablePath;
    const browser = path.join(dir, `${path.basename(real)}-no-sandbox-here`);
    await writeFile(
      browser,
      `#!/bin/sh\nfor arg in "$@"; do [ "$arg" = "--no-sandbox" ] && exec ${JSON.stringify(real)} "$@"; done\necho "[FATAL:zygote_host_impl_linux.cc(127)] No usable sandbox! Update your kernel or see the docs." >&2\nexit 1\n`,
    );
    await chmod(browser, 0o755);
    const printer = new Printer({ browserPath: browser, sandboxFacts: ordinaryUser });
    try {
      const pdf = await printer.print({ html: '<!DOCTYPE html><html lang="en"><title>Sandbox</title><p>Printed.</p></html>' });
      expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      expect(printer.sandboxWarning).toMatch(/^the browser's sandbox cannot start on this machine \(.*No usable sandbox!.*\); printing without it/);
    } finally {
      await printer.close();
    }
  });
});
