import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, PDFName, PDFRawStream, PDFRef } from '@cantoo/pdf-lib';
import { openLazily } from '../../src/print/lazy-pdf.js';
import { setPdfMetadata } from '../../src/print/pdf-metadata.js';
import { readPdf } from '../helpers/pdf.js';
import { matterhornFindings } from '../helpers/matterhorn.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { sharedPrinter } from '../helpers/shared-browser.js';

/**
 * Finishing opens Chromium's print without parsing it whole (src/print/lazy-pdf.ts): objects
 * are read when looked up, and the rest written back as they were. These tests hold it to
 * what a full parse gives, and to refusing any file not stored the way it reads.
 */
let printed: Uint8Array;
let dir: string;

beforeAll(async () => {
  dir = await tempDir('papers-lazy-pdf-');
  const printer = sharedPrinter();
  const paragraphs = Array.from({ length: 40 }, (_, index) => `<p>Paragraph ${index + 1} of the <strong>report</strong>, with <a href="https://example.org/${index}">a link</a>.</p>`).join('');
  printed = await printer.print({
    html: `<!DOCTYPE html><html lang="en-GB"><head><title>Lazy</title><style>@page { size: A4; margin: 20mm; @bottom-center { content: "Page " counter(page) " of " counter(pages); } }</style></head><body><h1>A report</h1>${paragraphs}<h2>Second heading</h2>${paragraphs}</body></html>`,
  });
});

afterAll(removeTempDirs);

describe('opening a printed PDF lazily', () => {
  it('reads what a full parse reads, and looks up only what it is asked for', async () => {
    const lazy = openLazily(printed);
    expect(lazy).toBeDefined();
    const whole = await PDFDocument.load(printed, { updateMetadata: false });
    expect(lazy?.getPageCount()).toBe(whole.getPageCount());
    expect(lazy?.getPageCount()).toBeGreaterThan(1);
    expect(lazy?.getTitle()).toBe(whole.getTitle());
    // Pages read, fonts not: a font file is still the bytes it was read from.
    const unread = lazy?.context.enumerateIndirectObjects().filter(([, object]) => object.constructor.name === 'UnreadObject') ?? [];
    expect(unread.length).toBeGreaterThan(10);
  });

  it('writes a finished file whose untouched objects are byte for byte the printed ones, and which qpdf and pdf.js read', async () => {
    const finished = await setPdfMetadata(printed, { title: 'A lazily finished report', subject: 'Tests', language: 'en-GB', links: { web: 'Link to {target}', page: 'Go to page {page}' } });
    const file = path.join(dir, 'finished.pdf');
    await writeFile(file, finished.bytes);
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toContain('No syntax or stream encoding errors found');
    expect(check.status).toBe(0);

    const reading = await readPdf(finished.bytes);
    expect(reading.pageCount).toBe(finished.pages);
    expect(reading.info.Title).toBe('A lazily finished report');
    expect(reading.language).toBe('en-GB');
    expect(reading.pages[0]).toContain('Paragraph 1 of the report');
    expect(reading.links.flat().map((link) => link.contents)).toEqual(reading.links.flat().map((link) => `Link to ${link.url}`));
    expect(reading.links.flat().length).toBe(80);
    expect(await matterhornFindings(finished.bytes)).toEqual([]);

    // Every font stream of the finished file is one of the printed file's, unchanged.
    const fontBytes = async (bytes: Uint8Array) => {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      return doc.context
        .enumerateIndirectObjects()
        .flatMap(([, object]) => (object instanceof PDFRawStream && object.dict.has(PDFName.of('Length1')) ? [Buffer.from(object.contents).toString('base64')] : []))
        .sort();
    };
    const before = await fontBytes(printed);
    expect(before.length).toBeGreaterThan(0);
    expect(await fontBytes(finished.bytes)).toEqual(before);
  });

  it('leaves to the full parser a file with object streams, a later update, or a table that does not match', async () => {
    const whole = await PDFDocument.load(printed, { updateMetadata: false });
    const withObjectStreams = await whole.save({ useObjectStreams: true });
    expect(openLazily(withObjectStreams)).toBeUndefined();

    // An incremental update: a second table after the first, pointing back with /Prev.
    const text = Buffer.from(printed).toString('latin1');
    const previous = /startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))?.[1];
    const root = /\/Root\s+\d+\s+\d+\s+R/.exec(text.slice(text.lastIndexOf('trailer')))?.[0];
    expect(previous && root).toBeTruthy();
    const update = `\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${whole.context.largestObjectNumber + 1} ${root} /Prev ${previous} >>\nstartxref\n${printed.length + 1}\n%%EOF\n`;
    const appended = Buffer.concat([Buffer.from(printed), Buffer.from(update, 'latin1')]);
    expect(openLazily(appended)).toBeUndefined();

    // A byte inserted near the start moves every object away from where the table says.
    const shifted = new Uint8Array(printed.length + 1);
    shifted.set(printed.subarray(0, 20));
    shifted[20] = 0x0a;
    shifted.set(printed.subarray(20), 21);
    expect(openLazily(shifted)).toBeUndefined();
    // The table intact but one entry wrong: that object is not where the table says.
    const xrefAt = Number(previous);
    const entry = /(\d{10}) (\d{5}) n/.exec(text.slice(xrefAt));
    expect(entry).toBeTruthy();
    const wrongEntry = text.slice(0, xrefAt) + text.slice(xrefAt).replace(entry?.[0] ?? '', `${String(Number(entry?.[1]) + 1).padStart(10, '0')} ${entry?.[2]} n`);
    expect(openLazily(Buffer.from(wrongEntry, 'latin1'))).toBeUndefined();
    // Such files are still finished, through the full parser.
    const finished = await setPdfMetadata(withObjectStreams, { title: 'Through the full parser', subject: 'Tests', language: 'en-GB' });
    expect((await readPdf(finished.bytes)).info.Title).toBe('Through the full parser');
  });

  it('opens a file of more objects than a function call takes arguments (a long pack has hundreds of thousands)', () => {
    const count = 300_000;
    const parts = ['%PDF-1.4\n'];
    const offsets: number[] = [];
    let length = parts[0]?.length ?? 0;
    const add = (text: string) => {
      parts.push(text);
      length += text.length;
    };
    for (let number = 1; number <= count; number++) {
      offsets.push(length);
      add(number === 1 ? '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' : number === 2 ? '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' : `${number} 0 obj\nnull\nendobj\n`);
    }
    const xrefAt = length;
    add(`xref\n0 ${count + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${count + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
    const lazy = openLazily(Buffer.from(parts.join(''), 'latin1'));
    expect(lazy).toBeDefined();
    expect(lazy?.getPageCount()).toBe(0);
    expect(lazy?.context.largestObjectNumber).toBe(count);
  });

  it('gives new objects numbers after the last one in the file', () => {
    const lazy = openLazily(printed);
    const largest = Math.max(...(lazy?.context.enumerateIndirectObjects().map(([ref]) => ref.objectNumber) ?? [0]));
    const added = lazy?.context.register(lazy.context.obj({ Type: 'Test' }));
    expect(added).toBeInstanceOf(PDFRef);
    expect(added?.objectNumber).toBe(largest + 1);
  });
});
