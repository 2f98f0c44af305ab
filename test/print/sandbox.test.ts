import { describe, expect, it } from 'vitest';
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
});
