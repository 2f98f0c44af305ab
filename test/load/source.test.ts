import { afterAll, describe, expect, it } from 'vitest';
import { writeFile, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { loadSource, parseSource } from '../../src/load/source.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe('loadSource', () => {
  it('reads YAML and locates fields at their keys', () => {
    const result = parseSource('a.yaml', 'council: X\nmeeting:\n  body: Council\n  date: 2012-06-25\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.source.data).toEqual({ council: 'X', meeting: { body: 'Council', date: '2012-06-25' } });
    expect(result.source.locate(['meeting', 'date'])).toEqual({ line: 4, column: 3 });
    // A missing field is reported at the nearest parent that exists.
    expect(result.source.locate(['meeting', 'venue'])).toEqual({ line: 2, column: 1 });
  });

  it('reads JSON with positions too', () => {
    const result = parseSource('a.json', '{\n  "council": "X",\n  "meeting": {"body": "Council"}\n}\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.source.locate(['meeting', 'body'])).toEqual({ line: 3, column: 15 });
  });

  it('reports YAML syntax errors with line and column, all at once', () => {
    const result = parseSource('bad.yaml', 'council: x\nmeeting:\n  body: [unclosed\ntitle: y\ntitle: z\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => `${problem.line}:${problem.column}`)).toEqual(['4:1', '5:1']);
    expect(result.problems[1]?.message).toMatch(/is given twice at the same level; keep one/);
  });

  it('refuses a directory, a missing file, binary data and invalid UTF-8 with a plain message', async () => {
    const dir = await tempDir('papers-source-');
    await mkdir(path.join(dir, 'folder.yaml'));
    await writeFile(path.join(dir, 'binary.yaml'), Buffer.from([0x00, 0x01, 0x02, 0xff]));
    await writeFile(path.join(dir, 'latin1.yaml'), Buffer.from('title: caf\xe9\n', 'latin1'));
    await symlink(path.join(dir, 'loop.yaml'), path.join(dir, 'loop.yaml'));
    const message = async (name: string) => {
      const result = await loadSource(path.join(dir, name));
      return result.ok ? 'ok' : result.problems.map((problem) => problem.message).join('; ');
    };
    expect(await message('folder.yaml')).toBe('expected a file, found a directory');
    expect(await message('missing.yaml')).toBe('file not found');
    expect(await message('binary.yaml')).toMatch(/not valid UTF-8|binary/);
    expect(await message('latin1.yaml')).toMatch(/UTF-8/);
    expect(await message('loop.yaml')).toMatch(/symbolic links/);
  });
});
