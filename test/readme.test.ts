import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from './helpers/cli.js';
import { removeDataCopies, sampleDataCopy } from './helpers/data-copy.js';

afterAll(removeDataCopies);

/** The README's code blocks of a language, in order. */
async function blocks(language: string): Promise<string[]> {
  const readme = await readFile('README.md', 'utf8');
  return [...readme.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1] ?? '');
}

describe('the README', () => {
  it('is for users, at most 350 lines; the reference is in docs/, the code in ARCHITECTURE.md', async () => {
    const readme = await readFile('README.md', 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(350);
    for (const link of ['docs/safety.md', 'docs/accessibility.md', 'docs/performance.md', 'docs/page-numbering.md', 'docs/development.md', 'ARCHITECTURE.md']) {
      expect(readme).toContain(`](${link})`);
      await expect(readFile(link, 'utf8')).resolves.toMatch(/^# /);
    }
  });
});

describe('the README’s examples, as written', () => {
  it('the quick start names scripts the package has', async () => {
    const [quickStart] = await blocks('sh');
    const scripts = (JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    const commands = [...(quickStart ?? '').matchAll(/^npm (?:run )?(\S+)/gm)].map((match) => match[1] as string);
    expect(commands).toEqual(['setup', 'test']);
    for (const command of commands) expect(scripts[command], command).toBeDefined();
  });

  it('the report example is a valid report, and the meeting example with its supplement a valid meeting', async () => {
    const [report, agenda, supplements] = await blocks('yaml');
    // The supplements example goes on from the meeting example.
    const meeting = `${agenda ?? ''}${supplements ?? ''}`;
    const dir = await sampleDataCopy();
    const reportFile = path.join(dir, 'reports', 'readme-report.yaml');
    await writeFile(reportFile, report ?? '');
    const meetingFile = path.join(dir, 'readme-meeting.yaml');
    await writeFile(meetingFile, meeting ?? '');
    const run = await runCli('check', reportFile, meetingFile);
    expect(run.stderr.split('\n').filter((line) => line !== '' && !line.includes('warning:'))).toEqual([]);
    expect(run.stdout).toContain(`${reportFile}: valid`);
    expect(run.stdout).toContain(`${meetingFile}: valid`);
  });

  it('the mistakes shown are what `papers check` prints, in that order', async () => {
    const shown = (await blocks('text')).find((block) => block.startsWith('$ npm run papers -- check')) ?? '';
    const [command = '', ...lines] = shown.trim().split('\n');
    const file = command.split(' ').pop() as string;
    const run = await runCli('check', file);
    const printed = run.stderr.split('\n');
    let from = 0;
    for (const line of lines.filter((candidate) => candidate !== '…')) {
      const at = printed.indexOf(line, from);
      expect(at, line).toBeGreaterThanOrEqual(from);
      from = at + 1;
    }
  });

  it('the style commands run as written (their output into a folder of the test’s own)', async () => {
    const shown = (await blocks('sh')).find((block) => block.includes('npm run papers -- styles')) ?? '';
    const lines = shown.trim().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    const dir = await mkdtemp(path.join(tmpdir(), 'papers-readme-'));
    try {
      for (const line of lines) {
        const args = line.replace(/^npm run papers -- /, '').split(/\s+/);
        const at = args.indexOf('--out');
        if (at >= 0) args[at + 1] = path.join(dir, path.basename(args[at + 1] ?? 'out'));
        const run = await runCli(...args);
        expect(run.status, `${line}: ${run.stderr}`).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the library example is the file the typecheck compiles against the package’s entry', async () => {
    // npm test's typecheck (tsconfig.json) compiles test/fixtures/readme/library-example.ts, with
    // 'committee-papers' mapped to src/index.ts: so the example is checked against the API as it is now.
    const [example] = await blocks('ts');
    expect(example).toContain("from 'committee-papers'");
    expect(example).toBe(await readFile('test/fixtures/readme/library-example.ts', 'utf8'));
  });
});
