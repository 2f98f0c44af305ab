import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { writeSampleReport } from '../helpers/sample.js';
import { alive, childrenOf } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { papersCli } from '../helpers/source-bundle.js';

afterAll(removeTempDirs);

describe('an interrupted run (Ctrl-C)', () => {
  it('closes the browser, removes temporary files and leaves only complete files', async () => {
    const dir = await tempDir('papers-interrupt-');
    const files: string[] = [];
    for (let index = 0; index < 40; index++) {
      const file = path.join(dir, `report-${String(index + 1).padStart(2, '0')}.yaml`);
      await writeSampleReport(file);
      files.push(file);
    }
    const out = path.join(dir, 'out');
    const child = spawn(process.execPath, [papersCli(), 'build', ...files, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let browserPids: number[] = [];
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Interrupt once a few reports are done and others are being printed.
      if (!interrupted && (stderr.match(/: done/g) ?? []).length >= 3) {
        interrupted = true;
        browserPids = childrenOf(child.pid as number);
        child.kill('SIGINT');
      }
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(interrupted).toBe(true);
    expect(status).toBe(130);
    expect(browserPids.length).toBeGreaterThan(0);
    for (const pid of browserPids) expect(alive(pid), `browser process ${pid} left running`).toBe(false);

    const names = await readdir(out);
    expect(names.filter((name) => name.endsWith('.tmp') || name.startsWith('.'))).toEqual([]);
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(80);
    for (const name of names) {
      const bytes = await readFile(path.join(out, name));
      if (name.endsWith('.pdf')) expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThan(1);
      else expect(bytes.toString('utf8').trimEnd().endsWith('</html>')).toBe(true);
    }
  });
});
