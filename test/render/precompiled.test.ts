import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { papersCli, precompiledTemplatesFile } from '../helpers/source-bundle.js';

afterAll(removeTempDirs);

async function shippedTemplates(): Promise<string[]> {
  const found: string[] = [];
  for (const root of ['templates', 'styles']) {
    for (const name of await readdir(root, { recursive: true })) if (name.endsWith('.hbs')) found.push(path.join(root, name));
  }
  return found;
}

/**
 * The built CLI uses the shipped templates precompiled (dist/precompiled-templates.js); the source
 * compiles them. Here the CLI is the one this run bundled from the source, with its own precompiled
 * templates (test/helpers/source-bundle.ts).
 */
describe('precompiled templates', () => {
  it('hold every shipped template as it is now', async () => {
    const precompiled = await readFile(precompiledTemplatesFile(), 'utf8');
    for (const file of await shippedTemplates()) {
      const hash = createHash('sha256')
        .update(await readFile(file, 'utf8'))
        .digest('hex');
      expect(precompiled.includes(`"${hash}"`), file).toBe(true);
    }
  });

  it('make the same papers as the templates compiled from source, in both styles', async () => {
    const built = await tempDir('papers-precompiled-built-');
    const source = await tempDir('papers-precompiled-source-');
    const reports = ['data/reports/commissioning-protocol.yaml', 'data/county/reports/highways-asset-management.yaml'];
    const run = spawnSync(process.execPath, [papersCli(), 'build', ...reports, '--format', 'html', '--out', built], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect((await runCli('build', ...reports, '--format', 'html', '--out', source)).status).toBe(0);
    for (const name of ['commissioning-protocol.html', 'highways-asset-management.html']) {
      expect(await readFile(path.join(built, name), 'utf8'), name).toBe(await readFile(path.join(source, name), 'utf8'));
    }
  });
});
