import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, open, readdir, readFile, symlink, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { PDFDocument } from '@cantoo/pdf-lib';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

let dir: string;

beforeAll(async () => {
  dir = await tempDir('papers-hostile-');
});

/** Runs `papers check` on one file: every hostile file must give a plain, located message. */
async function check(name: string, contents: string | Buffer | (() => Promise<void>)): Promise<{ status: number; stderr: string; seconds: number }> {
  const file = path.join(dir, name);
  if (typeof contents === 'function') await contents();
  else await writeFile(file, contents);
  const started = performance.now();
  const run = await runCli('check', file);
  const seconds = (performance.now() - started) / 1000;
  expect(run.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
  expect(run.stderr.split('\n')[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+:\\d+)?[ :]`));
  return { status: run.status, stderr: run.stderr, seconds };
}

describe('hostile input files', () => {
  it('duplicate keys', async () => {
    const result = await check('duplicate.yaml', 'council: A\ncouncil: B\n');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('duplicate.yaml:2:1: this field ("council") is given twice at the same level; keep one');
  });

  it('an alias bomb', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++)
      levels.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(',')}]`,
      );
    const result = await check('alias-bomb.yaml', `${levels.join('\n')}\n`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('too many aliases');
    expect(result.seconds).toBeLessThan(5);
  });

  it('__proto__ and constructor keys are unknown fields, and pollute nothing', async () => {
    const result = await check('proto.yaml', '__proto__:\n  polluted: true\nconstructor:\n  prototype:\n    polluted: true\n');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('proto.yaml:1:1 __proto__: unknown field');
    expect(result.stderr).toContain('proto.yaml:3:1 constructor: unknown field');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a wrong encoding (UTF-16)', async () => {
    const result = await check('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('council: Cheltenham\n', 'utf16le')]));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/UTF-8|binary/);
  });

  it('a 50 MB file is refused before it is read', async () => {
    const result = await check('huge.yaml', async () => {
      const handle = await open(path.join(dir, 'huge.yaml'), 'w');
      await handle.truncate(50 * 1024 * 1024);
      await handle.close();
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/file is 52428800 bytes; expected at most \d+ bytes/);
    expect(result.seconds).toBeLessThan(2);
  });

  it('a deeply nested document', async () => {
    const result = await check('deep.yaml', `${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nested too deeply');
    expect(result.seconds).toBeLessThan(5);
  });

  it('binary garbage', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256));
    const result = await check('garbage.yaml', garbage);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/UTF-8|binary/);
  });

  it('a directory', async () => {
    const result = await check('folder.yaml', () => mkdir(path.join(dir, 'folder.yaml')).then(() => undefined));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('folder.yaml: expected a file, found a directory');
  });

  it('a symlink loop', async () => {
    const result = await check('loop.yaml', () => symlink(path.join(dir, 'loop.yaml'), path.join(dir, 'loop.yaml')));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('loop.yaml: too many symbolic links (a symlink loop?)');
  });

  it('an output name that would leave the output folder', async () => {
    const sample = parse(await readFile('data/reports/commissioning-protocol.yaml', 'utf8')) as Record<string, unknown>;
    delete sample.appendices;
    const sneaky = path.join(dir, 'names', '...yaml');
    await mkdir(path.dirname(sneaky), { recursive: true });
    await writeFile(sneaky, stringify(sample));
    const out = path.join(dir, 'names', 'out', 'inner');
    const run = await runCli('build', sneaky, '--out', out, '--format', 'html');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cannot name an output ".."');
    // Nothing was written: neither inside the output folder nor beside it.
    expect(await readdir(path.join(dir, 'names'))).toEqual(['...yaml']);
  });
});

describe('hostile PDF appendices', () => {
  it('reports an encrypted, a corrupt and a truncated PDF, each located, and writes nothing', async () => {
    const pdfDir = path.join(dir, 'pdfs');
    await mkdir(pdfDir, { recursive: true });
    const good = await readFile('data/appendices/prudential-indicators-2011-12.pdf');
    const encrypted = await PDFDocument.load(good);
    encrypted.encrypt({ userPassword: 'secret', ownerPassword: 'owner' });
    await writeFile(path.join(pdfDir, 'encrypted.pdf'), await encrypted.save());
    await writeFile(path.join(pdfDir, 'corrupt.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 2000 }, (_, index) => (index * 31) % 256))]));
    await writeFile(path.join(pdfDir, 'truncated.pdf'), good.subarray(0, Math.floor(good.length / 3)));
    await writeFile(path.join(pdfDir, 'not-a-pdf.pdf'), 'hello');
    await copyFile('data/papers/council-2012-04-16-minutes.md', path.join(pdfDir, 'minutes.md'));
    const meeting = parse(await readFile('test/fixtures/meetings/late-meeting.yaml', 'utf8')) as Record<string, unknown>;
    meeting.dateOfIssue = '2012-06-15';
    meeting.items = [
      {
        type: 'procedural',
        title: 'Minutes',
        papers: 'minutes.md',
        appendices: ['encrypted', 'corrupt', 'truncated', 'not-a-pdf'].map((name) => ({ title: name, file: `${name}.pdf` })),
      },
    ];
    const file = path.join(pdfDir, 'meeting.yaml');
    await writeFile(file, stringify(meeting));
    const out = path.join(pdfDir, 'out');
    const started = performance.now();
    const run = await runCli('pack', file, '--out', out);
    expect((performance.now() - started) / 1000).toBeLessThan(10);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    const lines = run.stderr.split('\n').filter((line) => line.startsWith(`${file}:`) && /^[^ ]+:\d+:\d+ /.test(line));
    expect(lines).toEqual([
      expect.stringMatching(/:\d+:\d+ items\[0\]\.appendices\[0\]\.file: .*encrypted\.pdf: the PDF is encrypted; save an unprotected copy to include it in a pack$/),
      expect.stringMatching(/:\d+:\d+ items\[0\]\.appendices\[1\]\.file: .*corrupt\.pdf: the PDF is damaged or truncated and cannot be read/),
      expect.stringMatching(/:\d+:\d+ items\[0\]\.appendices\[2\]\.file: .*truncated\.pdf: the PDF is damaged or truncated and cannot be read/),
      expect.stringMatching(/:\d+:\d+ items\[0\]\.appendices\[3\]\.file: .*not-a-pdf\.pdf: expected a PDF file; this one has no PDF header$/),
    ]);
    await expect(readdir(out)).rejects.toThrow();
  });
});
