import { afterAll, describe, expect, it } from 'vitest';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe('a council’s own templates folder', () => {
  it('copied before a template or label was added, still builds, using the shipped ones for what it lacks', async () => {
    const dir = await tempDir('papers-templates-');
    const templates = path.join(dir, 'templates');
    await cp('templates', templates, { recursive: true });
    await rm(path.join(templates, 'item-page.hbs'));
    await rm(path.join(templates, 'partials', 'item-part.hbs'));
    const council = parse(await readFile(path.join(templates, 'council.yaml'), 'utf8')) as { labels: Record<string, string> };
    delete council.labels.backToAgenda;
    delete council.labels.pdfInPublicPack;
    // Its own wording still wins where it has some.
    council.labels.itemNumber = 'Agenda item';
    await writeFile(path.join(templates, 'council.yaml'), stringify(council));
    const run = await runCli('pack', 'data/council-2012-06-25.yaml', '--templates', templates, '--out', path.join(dir, 'out'));
    expect(run.status).toBe(0);
    const page = await readFile(path.join(dir, 'out', 'council-2012-06-25', 'item-6.html'), 'utf8');
    expect(page).toContain('Back to the agenda');
    expect(page).toContain('This is a PDF document');
    expect(page).toContain('<title>Agenda item 6: Treasury Management Annual Report 2011/12');
  });
});
