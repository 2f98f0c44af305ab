import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Printer } from '../src/print/printer.js';
import { printAppendix, type AppendixShape } from '../test/helpers/real-world-pdfs.js';
import { syntheticReport, writeMeetingFile } from './synthetic.js';

/**
 * The mix of a real county Cabinet meeting (38 PDFs, about 500 pages): reports' appendices as
 * A4 documents, landscape spreadsheets, 16:9 slide decks, risk registers and A3 plans.
 */
export const REAL_WORLD_MIX: ReadonlyArray<{ shape: AppendixShape; pages: number; count: number }> = [
  { shape: 'report', pages: 20, count: 12 },
  { shape: 'report', pages: 10, count: 6 },
  { shape: 'spreadsheet', pages: 15, count: 6 },
  { shape: 'slides', pages: 12, count: 6 },
  { shape: 'risk-register', pages: 10, count: 4 },
  { shape: 'a3-plan', pages: 5, count: 4 },
];

/** Prints the appendices of the mix into `dir` (once; they are reused by every run). */
export async function writeRealWorldAppendices(dir: string, printer: Printer, scale = 1): Promise<Array<{ file: string; pages: number }>> {
  await mkdir(dir, { recursive: true });
  const files: Array<{ file: string; pages: number }> = [];
  for (const { shape, pages, count } of REAL_WORLD_MIX) {
    for (let index = 0; index < count; index++) {
      const name = `${shape}-${pages}-${index + 1}.pdf`;
      const scaled = Math.max(1, Math.round(pages * scale));
      await writeFile(path.join(dir, name), await printAppendix(printer, { shape, pages: scaled, marker: `${shape} ${index + 1}` }));
      files.push({ file: path.join(dir, name), pages: scaled });
    }
  }
  return files;
}

/**
 * A meeting whose papers are mostly those PDFs: six reports sharing them as appendices (one
 * appendix exempt), minutes as a PDF, and an exempt report after the exclusion.
 */
export async function writeRealWorldMeeting(dir: string, name: string, appendices: ReadonlyArray<{ file: string }>): Promise<string> {
  await mkdir(path.join(dir, 'reports'), { recursive: true });
  const reportCount = 6;
  const items: unknown[] = [
    { type: 'procedural', title: 'Apologies', text: 'To receive apologies for absence.' },
    { type: 'procedural', title: 'Minutes of the last meeting', papers: path.relative(dir, appendices[appendices.length - 1]?.file ?? '') },
  ];
  for (let index = 0; index < reportCount; index++) {
    const share = appendices.slice(0, -1).filter((_, at) => at % reportCount === index);
    const list = share.map((appendix, at) => ({ title: `Appendix ${path.basename(appendix.file, '.pdf')}`, file: path.relative(path.join(dir, 'reports'), appendix.file), ...(index === 1 && at === 0 ? { exemptParagraphs: [3] } : {}) }));
    const file = path.join('reports', `${name}-report-${index + 1}.yaml`);
    await writeFile(path.join(dir, file), stringify(syntheticReport(2000 + index, { appendices: list })));
    items.push({ type: 'report', report: file });
  }
  items.push({ type: 'exclusion' });
  const exemptFile = path.join('reports', `${name}-exempt.yaml`);
  await writeFile(path.join(dir, exemptFile), stringify(syntheticReport(2999, { exempt: true })));
  items.push({ type: 'report', report: exemptFile });
  return writeMeetingFile(dir, name, items, { council: 'Sample County Council', time: '10:00' });
}
