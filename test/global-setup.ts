import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** Puppeteer's temporary browser profiles: one per browser, removed when it closes. */
function profiles(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('puppeteer_dev_chrome_profile-'));
}

/** Browser processes started with one of the given profiles. */
function browsersUsing(names: string[]): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        return names.some((name) => args.includes(name));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Fails the run if any test left a browser running (and ends those browsers). */
export default function setup(): () => void {
  const before = new Set(profiles());
  return () => {
    const leaked = profiles().filter((name) => !before.has(name));
    const running = browsersUsing(leaked);
    for (const pid of running) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    if (running.length > 0) throw new Error(`the tests left ${running.length} browser process(es) running (profiles ${leaked.join(', ')})`);
  };
}
