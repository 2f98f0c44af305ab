import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, degrees } from '@cantoo/pdf-lib';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readPdfPapers } from '../../src/load/load-paper.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

/**
 * A meeting's PDFs are copied by qpdf a few at a time in one run each, not one run per file;
 * each PDF must still come out as its own pages, and a damaged one must still be named alone.
 */
const A4: [number, number] = [595, 842];
const A4_LANDSCAPE: [number, number] = [842, 595];
const A3: [number, number] = [842, 1191];
const SHAPES: Record<string, Array<[number, number]>> = {
  first: [A4, A4],
  second: [A4_LANDSCAPE],
  third: [A3, A3, A4_LANDSCAPE],
  fourth: [A4, A4_LANDSCAPE],
};

let dir: string;
const files = new Map<string, string>();

async function pdfOf(sizes: ReadonlyArray<[number, number]>): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const size of sizes) doc.addPage(size).drawText('page', { x: 40, y: 40 });
  return doc.save({ useObjectStreams: false });
}

beforeAll(async () => {
  dir = await tempDir('papers-pdf-reads-');
  for (const [name, sizes] of Object.entries(SHAPES)) {
    const file = path.join(dir, `${name}.pdf`);
    await writeFile(file, await pdfOf(sizes));
    files.set(name, file);
  }
  const good = Buffer.from(await pdfOf([A4, A4_LANDSCAPE]));
  // The cross-reference table's offset points at the wrong place: qpdf rebuilds it and says so.
  const text = good.toString('latin1');
  const at = text.lastIndexOf('startxref') + 'startxref\n'.length;
  await writeFile(path.join(dir, 'repaired.pdf'), Buffer.concat([good.subarray(0, at), Buffer.from('17'), good.subarray(text.indexOf('\n', at))]));
  await writeFile(path.join(dir, 'truncated.pdf'), good.subarray(0, Math.floor(good.length / 2)));
  await writeFile(path.join(dir, 'inherited.pdf'), await inheritedPdf());
  await writeFile(path.join(dir, 'cropped.pdf'), await croppedPdf());
});

/** Portrait A4 pages turned by a /Rotate and a /MediaBox that only the page tree's root holds: shown landscape. */
async function inheritedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let index = 0; index < 2; index++) doc.addPage(A4).drawText('turned', { x: 40, y: 40 });
  const root = doc.catalog.Pages();
  root.set(PDFName.of('Rotate'), doc.context.obj(90));
  root.set(PDFName.of('MediaBox'), doc.context.obj([0, 0, ...A4]));
  for (const page of doc.getPages()) page.node.delete(PDFName.of('MediaBox'));
  return doc.save({ useObjectStreams: false });
}

/** An A4 portrait page cropped to a wide strip, then a page turned back to portrait by its own /Rotate. */
async function croppedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage(A4).setCropBox(0, 300, 595, 300);
  doc.addPage(A4_LANDSCAPE).setRotation(degrees(270));
  return doc.save({ useObjectStreams: false });
}

/** The sizes of pages `first` to `first + count` of a PDF. */
async function sizesIn(bytes: Uint8Array, first: number, count: number): Promise<Array<[number, number]>> {
  const doc = await PDFDocument.load(bytes);
  return doc
    .getPages()
    .slice(first, first + count)
    .map((page) => [Math.round(page.getWidth()), Math.round(page.getHeight())]);
}

describe('reading a meeting’s PDF papers', () => {
  it('copies them in one qpdf run, each PDF’s pages in order from its own first page', async () => {
    const names = Object.keys(SHAPES);
    const reads = await readPdfPapers(
      names.map((name) => files.get(name) as string),
      dir,
    );
    let firstPage = 0;
    for (const [index, read] of reads.entries()) {
      const sizes = SHAPES[names[index] as string] as Array<[number, number]>;
      if (!read.ok) throw new Error(`${names[index]}: ${read.message}`);
      expect(read.bytes).toBe(reads[0]?.ok ? reads[0].bytes : undefined);
      expect(read.firstPage).toBe(firstPage);
      expect(read.pageCount).toBe(sizes.length);
      expect(read.landscape).toEqual(sizes.map(([width, height]) => width > height));
      expect(await sizesIn(read.bytes, read.firstPage, read.pageCount)).toEqual(sizes);
      firstPage += sizes.length;
    }
  });

  it('reads each on its own when qpdf has anything to say: a repairable file is read, a truncated one is named, the rest are unharmed', async () => {
    const names = ['first', 'repaired', 'truncated', 'second'];
    const reads = await readPdfPapers(
      names.map((name) => files.get(name) ?? path.join(dir, `${name}.pdf`)),
      dir,
    );
    expect(reads.map((read) => (read.ok ? `${read.pageCount} page(s)` : read.message))).toEqual(['2 page(s)', '2 page(s)', expect.stringMatching(/^the PDF is damaged or truncated and cannot be read/), '1 page(s)']);
    for (const read of reads) {
      if (read.ok) expect(await sizesIn(read.bytes, read.firstPage, read.pageCount)).toHaveLength(read.pageCount);
    }
    const [first, , , second] = reads;
    expect(first?.ok && second?.ok && first.bytes !== second.bytes).toBe(true);
  });

  it('says each PDF’s page count and first page’s orientation as soon as it is read, as its copy shows them', async () => {
    const names = ['first', 'second', 'third', 'inherited', 'cropped'];
    const shapes = new Map<string, { pageCount: number; firstPageLandscape: boolean } | undefined>();
    let shapesBeforeCopies = 0;
    let copied = false;
    const reading = readPdfPapers(
      names.map((name) => path.join(dir, `${name}.pdf`)),
      dir,
      undefined,
      (file, shape) => {
        if (!copied) shapesBeforeCopies += 1;
        shapes.set(path.basename(file, '.pdf'), shape);
      },
    );
    const reads = await reading;
    copied = true;
    expect(shapesBeforeCopies).toBe(names.length);
    for (const [index, read] of reads.entries()) {
      if (!read.ok) throw new Error(`${names[index]}: ${read.message}`);
      expect(shapes.get(names[index] as string)).toEqual({ pageCount: read.pageCount, firstPageLandscape: read.landscape[0] });
    }
    // The cases read from the page tree: inherited /Rotate and /MediaBox, and a crop box.
    expect(shapes.get('inherited')?.firstPageLandscape).toBe(true);
    expect(shapes.get('cropped')?.firstPageLandscape).toBe(true);
    expect(shapes.get('first')?.firstPageLandscape).toBe(false);
  });
});
