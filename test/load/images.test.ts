import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { stringify } from 'yaml';
import { loadCouncilConfig } from '../../src/config/council.js';
import { loadReport } from '../../src/report/load-report.js';
import { renderReportHtml } from '../../src/render/report-html.js';
import { formatProblem } from '../../src/errors.js';
import { sampleReportData } from '../helpers/sample.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

const config = await loadCouncilConfig();
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A 4×4 JPEG, WebP and a 1×1 GIF, as Chromium and GIF encoders write them (metadata stripped). */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAEAAQDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABAX/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCaAoAv/9k=',
  'base64',
);
const WEBP = Buffer.from('UklGRjIAAABXRUJQVlA4ICYAAACQAQCdASoEAAQAAsBMJaACdLoAA5gA/upl/1ERBSWpfELvZAYAAA==', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The PNG with one byte of a chunk's data changed (at `offset` into the file), its CRC made right again if `fixCrc`. */
function alteredPng(offset: number, change: (byte: number) => number, fixCrc: boolean): Buffer {
  const bytes = Buffer.from(PNG);
  bytes[offset] = change(bytes[offset]!);
  if (fixCrc) {
    // Find the chunk holding the byte, and write its CRC again.
    for (let at = 8; at < bytes.length; ) {
      const length = bytes.readUInt32BE(at);
      if (offset < at + 8 + length) {
        bytes.writeUInt32BE(crc32(bytes.subarray(at + 4, at + 8 + length)), at + 8 + length);
        break;
      }
      at += 12 + length;
    }
  }
  return bytes;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let dir: string;

beforeAll(async () => {
  const root = await tempDir('papers-images-');
  dir = path.join(root, 'reports');
  await mkdir(path.join(dir, 'images'), { recursive: true });
  await writeFile(path.join(dir, 'images', 'site-plan.png'), PNG);
  await writeFile(path.join(dir, 'images', 'not-an-image.png'), 'just text');
  await writeFile(path.join(root, 'outside.png'), PNG);
  await symlink(path.join(root, 'outside.png'), path.join(dir, 'images', 'sneaky-link.png'));
});

async function reportWith(name: string, paragraph: string) {
  const data = sampleReportData();
  (data.sections as Array<{ paragraphs: string[] }>)[0]!.paragraphs[0] = paragraph;
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, stringify(data));
  return { file, result: await loadReport(file, config) };
}

describe('images in Markdown', () => {
  it('embeds an image from the report’s folder, with its alt text', async () => {
    const { result } = await reportWith('with-image', 'The site:\n\n![Site plan of North Place](images/site-plan.png)');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const html = await renderReportHtml(result.value, config, result.images);
    expect(html).toContain(`<img src="data:image/png;base64,${PNG.toString('base64')}" alt="Site plan of North Place">`);
    expect(html).not.toContain('images/site-plan.png');
  });

  it('refuses an image without alt text, outside the folder, remote, through a symlink or not an image, each located', async () => {
    const cases = [
      ['no-alt', '![](images/site-plan.png)', 'needs alt text for readers who cannot see it'],
      ['parent', '![Plan](../outside.png)', 'must be a file in the same folder as this file, or below it'],
      ['absolute', '![Plan](/etc/passwd)', 'must be a file in the same folder as this file, or below it'],
      ['remote', '![Plan](http://127.0.0.1:9/x.png)', 'must be a file in the same folder as this file, or below it'],
      ['symlink', '![Plan](images/sneaky-link.png)', 'must be a file in the same folder as this file, or below it'],
      ['missing', '![Plan](images/nowhere.png)', 'was not found next to this file'],
      ['text', '![Plan](images/not-an-image.png)', 'is not a PNG, JPEG, GIF or WebP image'],
    ] as const;
    for (const [name, paragraph, message] of cases) {
      const { file, result } = await reportWith(name, paragraph);
      expect(result.ok, name).toBe(false);
      if (result.ok) continue;
      expect(result.problems.map(formatProblem), name).toEqual([
        expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ sections\\[0\\]\\.paragraphs\\[0\\]: .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
      ]);
    }
  });

  it('shows an image that was never checked as its alt text, fetching nothing', async () => {
    const { result } = await reportWith('plain', 'Plain text.');
    if (!result.ok) throw new Error('invalid');
    const report = structuredClone(result.value);
    report.executiveSummary = '![Remote chart](http://127.0.0.1:9/chart.png) and ![Local](images/site-plan.png)';
    const html = await renderReportHtml(report, config);
    expect(html).not.toContain('<img');
    expect(html).toContain('[Local]');
  });

  it('turns relative links into their text; keeps http, https and mailto links', async () => {
    const { result } = await reportWith('links', '[minutes](minutes.html), [site](https://example.org), [mail](mailto:a@example.org), [js](javascript:alert(1))');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const html = await renderReportHtml(result.value, config, result.images);
    expect(html).toContain('minutes, <a href="https://example.org">site</a>, <a href="mailto:a@example.org">mail</a>, [js](javascript:alert(1))');
  });

  it('refuses a damaged or incomplete image, located; a whole one of each kind is embedded', async () => {
    // The 1×1 PNG: IHDR's data at bytes 16–28, IDAT's (13 bytes of zlib data) at 41–53.
    const cases = [
      ['png-idat', alteredPng(47, (byte) => byte ^ 0x5a, true), 'is damaged (its image data cannot be decompressed)'],
      ['png-crc', alteredPng(47, (byte) => byte ^ 0x5a, false), 'is damaged (its IDAT chunk fails its checksum)'],
      ['png-size', alteredPng(23, () => 9, true), 'is damaged (its image data stops before the image is complete)'],
      ['png-cut', PNG.subarray(0, 50), 'is incomplete: the file stops part-way through'],
      ['png-no-end', PNG.subarray(0, PNG.length - 12), 'is incomplete: the file stops part-way through'],
      ['jpeg-cut', JPEG.subarray(0, 250), 'is incomplete: the file stops part-way through'],
      ['gif-cut', GIF.subarray(0, 36), 'is incomplete: the file stops part-way through'],
      ['webp-cut', WEBP.subarray(0, 40), 'is incomplete: the file stops part-way through'],
    ] as const;
    for (const [name, bytes, message] of cases) {
      await writeFile(path.join(dir, 'images', `${name}.img`), bytes);
      const { file, result } = await reportWith(name, `![Plan](images/${name}.img)`);
      expect(result.ok, name).toBe(false);
      if (result.ok) continue;
      expect(result.problems.map(formatProblem), name).toEqual([expect.stringMatching(new RegExp(`^${escapeRegExp(file)}:\\d+:\\d+ sections\\[0\\]\\.paragraphs\\[0\\]: the image "images/${name}\\.img" ${escapeRegExp(message)}`))]);
    }
    for (const [name, bytes, type] of [
      ['good.png', PNG, 'image/png'],
      ['good.jpg', JPEG, 'image/jpeg'],
      ['good.gif', GIF, 'image/gif'],
      ['good.webp', WEBP, 'image/webp'],
    ] as const) {
      await writeFile(path.join(dir, 'images', name), bytes);
      const { result } = await reportWith(name, `![Plan](images/${name})`);
      expect(result.ok && result.images.get(`images/${name}`), name).toBe(`data:${type};base64,${bytes.toString('base64')}`);
    }
  });
});
