import { readFileSync } from 'node:fs';
import { PDFDocument } from '@cantoo/pdf-lib';
import { placePdf } from './dist/assemble/pdf/place-pdf.js';
// target: a printed doc with enough pages
const target = await PDFDocument.create();
for (let i = 0; i < 20; i++) target.addPage([595, 842]);
const bytes = new Uint8Array(readFileSync('/tmp/rw/appendices/report-20-1.pdf'));
const t = performance.now();
for (let r = 0; r < 10; r++) await placePdf(target, { bytes, firstPageIndex: 0, pageCount: 20 }, undefined);
console.log('10x20 pages', Math.round(performance.now() - t));
