import { afterAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { AcroTextFlags, PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts } from '@cantoo/pdf-lib';
import { runCli } from '../helpers/cli.js';
import { removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { tempDir } from '../helpers/temp-dir.js';

afterAll(removeDataCopies);

/**
 * A filled form whose file asks the viewer to draw the values (NeedAppearances) has them drawn
 * into the pack. A value that cannot be drawn (here a rich-text field, its value kept only as
 * rich text, which pdf-lib cannot read) is not silently left out: the clerk is warned, naming
 * the paper and the field.
 */
async function formPdf(value: string | { richText: string }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Application form', { x: 72, y: 760, size: 14, font });
  const field = doc.getForm().createTextField('applicant.name');
  field.setText('Ada Lovelace');
  field.addToPage(page, { x: 72, y: 600, width: 300, height: 22, font });
  // The value as the applicant's viewer saved it, without an appearance of it.
  if (typeof value === 'string') {
    field.acroField.setValue(PDFHexString.fromText(value));
  } else {
    field.acroField.setFlagTo(AcroTextFlags.RichText, true);
    field.acroField.dict.delete(PDFName.of('V'));
    field.acroField.dict.set(PDFName.of('RV'), PDFString.of(value.richText));
  }
  doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict).set(PDFName.of('NeedAppearances'), PDFBool.True);
  return doc.save({ updateFieldAppearances: false });
}

const UNDRAWABLE = { richText: '<body><p>Ada <b>Lovelace</b></p></body>' };
const WARNING = /form\.pdf: warning: the value of its form field "applicant\.name" cannot be drawn \(Reading rich text fields is not supported/;

async function reportWithForm(value: string | { richText: string }): Promise<string> {
  const data = await sampleDataCopy();
  await writeFile(path.join(data, 'appendices', 'form.pdf'), await formPdf(value));
  const file = path.join(data, 'reports', 'commissioning-protocol.yaml');
  const report = parse(await readFile(file, 'utf8')) as { appendices: Array<Record<string, unknown>> };
  report.appendices.push({ title: 'Application form', file: '../appendices/form.pdf' });
  await writeFile(file, stringify(report));
  return file;
}

describe('a filled form in a PDF paper', () => {
  it('is drawn without a word when its values can be drawn (the control)', async () => {
    const run = await runCli('build', await reportWithForm('Ada Lovelace, Route A'), '--format', 'pdf', '--out', await tempDir('papers-form-ok-'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('form field');
  });

  it('warns, naming the paper and the field, when a value cannot be drawn into a report', async () => {
    const run = await runCli('build', await reportWithForm(UNDRAWABLE), '--format', 'pdf', '--out', await tempDir('papers-form-report-'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(WARNING);
  });

  it('warns once, when a value cannot be drawn into the packs of a meeting', async () => {
    const data = await sampleDataCopy();
    await writeFile(path.join(data, 'appendices', 'form.pdf'), await formPdf(UNDRAWABLE));
    const meeting = await sampleMeetingData();
    const item = meeting.items.find((entry) => entry.report === 'reports/commissioning-protocol.yaml') as Record<string, unknown>;
    item.appendices = [{ title: 'Application form', file: 'appendices/form.pdf' }];
    const file = await writeMeeting(data, 'with-form.yaml', meeting);
    const run = await runCli('pack', file, '--out', await tempDir('papers-form-pack-'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr.split('\n').filter((line) => WARNING.test(line))).toHaveLength(1);
  });
});
