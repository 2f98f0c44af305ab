import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCouncilConfig } from '../../src/config/council.js';
import { loadMeeting } from '../../src/meeting/load-meeting.js';
import { formatProblem } from '../../src/errors.js';
import { removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';

afterAll(async () => {
  await removeDataCopies();
  await rm(outside, { recursive: true, force: true });
});

const config = await loadCouncilConfig();

let dir: string;
let outside: string;

beforeAll(async () => {
  dir = await sampleDataCopy();
  outside = await mkdtemp(path.join(tmpdir(), 'papers-outside-'));
  await writeFile(path.join(outside, 'elsewhere.md'), '# Somebody else’s notes\n\nNot for this meeting.\n');
});

/** Loads the sample meeting with one more procedural item whose papers are `papers`. */
async function withPapers(name: string, papers: string, options: { root?: string } = {}): Promise<{ file: string; lines: string[]; seconds: number }> {
  const meeting = await sampleMeetingData();
  meeting.items.splice(1, 0, { type: 'procedural', title: 'Notes', papers });
  const file = await writeMeeting(dir, `${name}.yaml`, meeting);
  const started = performance.now();
  const result = await loadMeeting(file, config, options);
  return { file, lines: result.ok ? [] : result.problems.map(formatProblem), seconds: (performance.now() - started) / 1000 };
}

describe('files a meeting names stay inside its data folder', () => {
  it('refuses a symbolic link to a file outside (here /etc/passwd)', async () => {
    await symlink('/etc/passwd', path.join(dir, 'papers', 'notes.md'));
    const { file, lines } = await withPapers('symlink', 'papers/notes.md');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${file}:\\d+:5 items\\[1\\]\\.papers: .*notes\\.md: the file is outside the data folder ${dir} \\(it resolves to /etc/passwd\\); keep papers inside that folder, or name a wider one with --root$`)),
    ]);
  });

  it('refuses an absolute path and a path that climbs out with ..', async () => {
    const absolute = await withPapers('absolute', path.join(outside, 'elsewhere.md'));
    expect(absolute.lines).toEqual([expect.stringMatching(/items\[1\]\.papers: .*elsewhere\.md: the file is outside the data folder/)]);
    const climbing = await withPapers('climbing', path.relative(dir, path.join(outside, 'elsewhere.md')));
    expect(climbing.lines).toEqual([expect.stringMatching(/items\[1\]\.papers: .*elsewhere\.md: the file is outside the data folder/)]);
  });

  it('accepts the same file when --root names a folder that holds it', async () => {
    const { lines } = await withPapers('wider-root', path.relative(dir, path.join(outside, 'elsewhere.md')), { root: path.dirname(dir) });
    expect(lines).toEqual([]);
  });

  it('refuses a named pipe at once instead of waiting on it', async () => {
    execFileSync('mkfifo', [path.join(dir, 'papers', 'pipe.md')]);
    const { lines, seconds } = await withPapers('fifo', 'papers/pipe.md');
    expect(lines).toEqual([expect.stringMatching(/items\[1\]\.papers: .*pipe\.md: expected a file, found a named pipe$/)]);
    expect(seconds).toBeLessThan(5);
  });

  it('refuses a device, and a link to /dev/zero, without reading it', async () => {
    await symlink('/dev/zero', path.join(dir, 'reports', 'zero.yaml'));
    const meeting = await sampleMeetingData();
    meeting.items.splice(5, 0, { type: 'report', report: 'reports/zero.yaml' });
    const file = await writeMeeting(dir, 'zero.yaml', meeting);
    const started = performance.now();
    const result = await loadMeeting(file, config);
    expect((performance.now() - started) / 1000).toBeLessThan(5);
    const lines = result.ok ? [] : result.problems.map(formatProblem);
    expect(lines).toContainEqual(expect.stringMatching(/reports\/zero\.yaml: the file is outside the data folder .*\(it resolves to \/dev\/zero\)/));
    const device = path.join(dir, 'papers', 'device.md');
    execFileSync('mknod', [device, 'c', '1', '5']);
    const { lines: deviceLines } = await withPapers('device', 'papers/device.md');
    expect(deviceLines).toEqual([expect.stringMatching(/device\.md: expected a file, found a device$/)]);
  });

  it('refuses a file that grows past the limit while it is read, not trusting its reported size', async () => {
    // /proc files report a size of 0 and are read as far as they go: the cap is counted, not stat-ed.
    const big = path.join(dir, 'papers', 'big.md');
    await writeFile(big, `# Big\n\n${'word '.repeat(1_100_000)}\n`);
    const { lines } = await withPapers('big', 'papers/big.md');
    expect(lines).toEqual([expect.stringMatching(/big\.md: file is \d+ bytes; expected at most 5242880 bytes$/)]);
  });
});

describe('an exempt report is exempt wherever it is named', () => {
  it('refuses an exempt report as the papers of a Part 1 procedural item, saying why', async () => {
    const { file, lines } = await withPapers('exempt-papers', 'reports/disposal-of-land-north-place.yaml');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${file}:\\d+:5 items\\[1\\]\\.papers: "Notes" is exempt \\(its papers .*disposal-of-land-north-place\\.yaml are an exempt report, paragraph\\(s\\) 3 of Schedule 12A\\), so it must come after an item of type "exclusion"`,
        ),
      ),
    ]);
  });

  it('makes an appendix exempt when its file is an exempt report, whatever the meeting says', async () => {
    const meeting = await sampleMeetingData();
    const protocol = meeting.items.find((item) => item.report === 'reports/commissioning-protocol.yaml') as Record<string, unknown>;
    protocol.appendices = [{ title: 'Land disposal', file: 'reports/disposal-of-land-north-place.yaml' }];
    const file = await writeMeeting(dir, 'exempt-appendix.yaml', meeting);
    const result = await loadMeeting(file, config);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    if (!result.ok) return;
    const item = result.value.items.find((candidate) => candidate.title === 'Commissioning Protocol');
    expect(item?.appendices.map((appendix) => [appendix.title, appendix.exemptParagraphs])).toEqual([
      ['Commissioning Protocol', []],
      ['Land disposal', [3]],
    ]);
  });
});
