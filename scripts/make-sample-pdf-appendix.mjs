// Makes data/appendices/prudential-indicators-2011-12.pdf: a stand-in for a third-party PDF
// appendix (invented sample figures), untagged as such files usually are.
import { writeFileSync } from 'node:fs';
import { PDFDocument, StandardFonts, rgb } from '@cantoo/pdf-lib';

const doc = await PDFDocument.create();
const font = await doc.embedFont(StandardFonts.Helvetica);
const bold = await doc.embedFont(StandardFonts.HelveticaBold);
doc.setTitle('Prudential indicators 2011/12 (sample)');
const rows = [
  ['Indicator', '2011/12 estimate', '2011/12 actual'],
  ['Capital expenditure', '£9.41m', '£8.97m'],
  ['Capital financing requirement', '£46.20m', '£45.88m'],
  ['Authorised limit for external debt', '£60.00m', '£60.00m'],
  ['Operational boundary', '£55.00m', '£55.00m'],
  ['Gross external debt at 31 March', '£43.10m', '£42.75m'],
  ['Ratio of financing costs to net revenue stream', '6.1%', '5.8%'],
];
const pages = [
  { heading: 'Appendix: Prudential indicators 2011/12', rows },
  {
    heading: 'Treasury management indicators 2011/12',
    rows: [
      ['Indicator', 'Limit', 'Actual'],
      ['Upper limit on fixed rate exposure', '100%', '87%'],
      ['Upper limit on variable rate exposure', '40%', '13%'],
      ['Principal sums invested over 364 days', '£5.0m', '£2.0m'],
    ],
  },
];
for (const [number, content] of pages.entries()) {
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('SAMPLE DATA: invented figures for the committee-papers demonstration', { x: 50, y: 800, size: 8, font, color: rgb(0.6, 0, 0) });
  page.drawText(content.heading, { x: 50, y: 760, size: 16, font: bold });
  content.rows.forEach((row, index) => {
    const y = 720 - index * 26;
    row.forEach((cell, column) => {
      page.drawText(cell, { x: 50 + [0, 300, 420][column], y, size: 10, font: index === 0 ? bold : font });
    });
    page.drawLine({ start: { x: 48, y: y - 8 }, end: { x: 545, y: y - 8 }, thickness: 0.5, color: rgb(0.4, 0.4, 0.4) });
  });
  page.drawText(`Finance department · page ${number + 1} of ${pages.length}`, { x: 50, y: 40, size: 8, font });
}
writeFileSync(new URL('../data/appendices/prudential-indicators-2011-12.pdf', import.meta.url), await doc.save());
