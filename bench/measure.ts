import { readdirSync, readFileSync } from 'node:fs';

export interface Timing {
  /** Seconds of each measured run. */
  runs: number[];
  median: number;
  min: number;
  max: number;
}

/**
 * Runs `work` once to warm up, then `runs` times, and reports the seconds of each. No garbage
 * collection is forced between runs: a forced full collection sets V8's old-generation limit
 * just above what is live, so the next run of JavaScript-heavy work collected ten times where
 * the same 50 reports in a fresh `papers build` process collect once (measured with
 * --trace-gc): it made a run unlike any a user meets, twice the CPU per report of either.
 */
export async function timeRuns(runs: number, work: () => Promise<unknown>, warmUp = true): Promise<Timing> {
  if (warmUp) await work();
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    seconds.push((performance.now() - started) / 1000);
  }
  return summarise(seconds);
}

export function summarise(seconds: number[]): Timing {
  const sorted = [...seconds].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { runs: seconds, median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
}

/** Spread as ± half the range, relative to the median. */
export function spread(timing: Timing): string {
  return timing.median > 0 ? `±${(((timing.max - timing.min) / 2 / timing.median) * 100).toFixed(0)}%` : '';
}

/**
 * Memory of a process and all its descendants, in bytes (Linux /proc). PSS shares each page
 * among the processes that map it, so the sum over Chromium's processes is not inflated by the
 * libraries they all map, as a sum of RSS would be.
 */
export function treeMemory(rootPid: number | undefined, kind: 'pss' | 'rss' = 'pss'): number {
  if (rootPid === undefined) return 0;
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    try {
      const text = readFileSync(kind === 'pss' ? `/proc/${pid}/smaps_rollup` : `/proc/${pid}/status`, 'utf8');
      total += Number((kind === 'pss' ? /^Pss:\s+(\d+) kB/m : /VmRSS:\s+(\d+) kB/).exec(text)?.[1] ?? 0) * 1024;
    } catch {
      continue;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Samples the memory of a process tree every 50 ms; `stop` returns the peak in bytes. */
export function samplePeakMemory(rootPid: () => number | undefined, kind: 'pss' | 'rss' = 'pss'): { stop(): number } {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, treeMemory(rootPid(), kind));
  };
  sample();
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
