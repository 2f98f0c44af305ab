import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { removeDataCopies, sampleDataCopy, sampleMeetingData, writeMeeting } from '../helpers/data-copy.js';
import { papersCli } from '../helpers/source-bundle.js';
import { withObjectStreams } from '../helpers/real-world-pdfs.js';

afterAll(removeDataCopies);

/**
 * A PDF whose objects are compressed has its pages and bookmarks read by qpdf (as JSON). When
 * qpdf cannot give them, the paper is refused with a located message, not placed with its
 * bookmarks and links silently lost. qpdf is made to fail by a wrapper given as PAPERS_QPDF, in
 * a `papers` process of its own (the qpdf found is kept for the life of a process).
 */
async function meetingWithPackedPdf(): Promise<{ data: string; meeting: string }> {
  const data = await sampleDataCopy();
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ['Objector letter, page 1', 'Objector letter, page 2']) doc.addPage([595, 842]).drawText(text, { x: 72, y: 760, size: 14, font });
  // Objects in qpdf's object streams, as most tools save today: read through qpdf, not straight from the bytes.
  await writeFile(path.join(data, 'appendices', 'packed.pdf'), await withObjectStreams(await doc.save()));
  const meeting = await sampleMeetingData();
  const item = meeting.items.find((entry) => entry.report === 'reports/commissioning-protocol.yaml') as Record<string, unknown>;
  item.appendices = [{ title: 'Objection', file: 'appendices/packed.pdf' }];
  return { data, meeting: await writeMeeting(data, 'packed.yaml', meeting) };
}

/** A qpdf that answers --json with `json`, and otherwise is qpdf. */
async function qpdfWrapper(dir: string, json: string): Promise<string> {
  const file = path.join(dir, 'qpdf-wrapper.sh');
  await writeFile(file, `#!/bin/sh\nfor arg in "$@"; do case "$arg" in --json*) ${json};; esac; done\nexec qpdf "$@"\n`);
  await chmod(file, 0o755);
  return file;
}

function check(meeting: string, qpdf?: string) {
  return spawnSync(process.execPath, [papersCli(), 'check', meeting], { encoding: 'utf8', env: { ...process.env, ...(qpdf ? { PAPERS_QPDF: qpdf } : {}) } });
}

describe("a PDF paper's pages and bookmarks, read by qpdf", () => {
  it('are read as usual by a working qpdf (the control)', async () => {
    const { meeting } = await meetingWithPackedPdf();
    const run = check(meeting);
    expect(run.status, run.stderr).toBe(0);
  });

  it('refuse the paper, located, when qpdf gives something other than JSON', async () => {
    const { data, meeting } = await meetingWithPackedPdf();
    const run = check(meeting, await qpdfWrapper(data, "echo 'this is not JSON'; exit 0"));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/packed\.yaml:\d+:\d+ items\[\d+\]\.appendices\[0\]\.file: .*packed\.pdf: qpdf's description of its pages and bookmarks is not JSON/);
  });

  it('refuse the paper, located, with what qpdf said, when qpdf cannot read them', async () => {
    const { data, meeting } = await meetingWithPackedPdf();
    const run = check(meeting, await qpdfWrapper(data, "echo 'qpdf: the outlines are a mess' >&2; exit 2"));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/items\[\d+\]\.appendices\[0\]\.file: .*packed\.pdf: the PDF is damaged or truncated and cannot be read \(qpdf, reading its pages and bookmarks, exit 2: the outlines are a mess\); open it and save it again/);
  });
});
