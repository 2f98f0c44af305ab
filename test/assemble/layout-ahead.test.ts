import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadCouncilConfig } from '../../src/config/council.js';
import type { CouncilConfig } from '../../src/schema/council.js';
import { buildMeetings } from '../../src/pipelines/build-meetings.js';
import { loadMeeting } from '../../src/meeting/load-meeting.js';
import { buildPack, printLayoutAhead } from '../../src/assemble/build-pack.js';
import { Printer, type PrintRequest } from '../../src/print/printer.js';
import { loadSampleMeeting, SAMPLE_MEETING_NAME } from '../helpers/data-copy.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { readPdf } from '../helpers/pdf.js';

/**
 * A meeting's first print (the layout pass) starts while qpdf copies its PDFs, from the
 * meeting as it will be; the pack uses that print only if it was made from the same HTML.
 */
let config: CouncilConfig;
let printer: Printer;
/** Every print asked for, in order: its HTML, and the build stage reported when it was asked for. */
const requests: Array<{ html: string; stage: string }> = [];
let stage = 'none';

beforeAll(async () => {
  config = await loadCouncilConfig();
  printer = new Printer();
  const print = printer.print.bind(printer);
  printer.print = (request: PrintRequest) => {
    requests.push({ html: request.html, stage });
    return print(request);
  };
});

afterAll(async () => {
  await printer.close();
  await removeTempDirs();
});

describe('the layout print of a pack with PDF papers', () => {
  it('is handed the meeting, its PDFs shaped, before the meeting has loaded', async () => {
    const events: string[] = [];
    const loading = loadMeeting(path.join('data', SAMPLE_MEETING_NAME), config, {
      onProvisional: (provisional) => {
        const pdfs = provisional.items.flatMap((item) => item.appendices).filter((appendix) => appendix.paper?.kind === 'pdf');
        events.push(`provisional with ${pdfs.length} PDF paper(s)`);
      },
    });
    const loaded = await loading;
    events.push('loaded');
    expect(loaded.ok).toBe(true);
    expect(events).toEqual([expect.stringMatching(/^provisional with [1-9]\d* PDF paper\(s\)$/), 'loaded']);
  });

  it('is printed once by a build, from the meeting handed over, and not printed again', async () => {
    requests.length = 0;
    const out = await tempDir('papers-layout-ahead-');
    const [result] = await buildMeetings([path.join('data', SAMPLE_MEETING_NAME)], {
      outDir: out,
      config,
      printer,
      onProgress: (event) => {
        stage = event.stage;
      },
    });
    if (!result?.ok) throw new Error(`the sample meeting should build: ${JSON.stringify(result)}`);
    // The first print asked for is the layout: asked for by the hand-over (above) while the PDFs are
    // copied, or, when rendering its HTML took longer than the copying, just as the build begins
    // (the stage it lands in depends on the machine's load, so only that bound is held here).
    expect(['validate', 'layout']).toContain(requests[0]?.stage);
    expect(requests[0]?.html).toMatch(/class="pack-document layout-pass"/);
    // One layout print, then the two packs and the stamp sheet: none of them the layout again.
    // (Then the supplement's pack: its layout and its two packs, no PDF papers in it.)
    const [agenda, supplement] = [requests.filter((request) => !request.html.includes('supplement-front-sheet')), requests.filter((request) => request.html.includes('supplement-front-sheet'))];
    expect(agenda.filter((request) => /class="pack-document layout-pass"/.test(request.html))).toHaveLength(1);
    expect(agenda).toHaveLength(4);
    expect(supplement).toHaveLength(3);
  });

  it('is printed again when the print made ahead is not of the same HTML, with the same pack as a result', async () => {
    const meeting = await loadSampleMeeting(config);
    requests.length = 0;
    const plain = await buildPack(meeting, config, printer);
    const plainPrints = requests.length;
    // Ahead from a meeting that differs (a PDF's first page thought landscape): its HTML differs.
    const wrong = structuredClone(meeting);
    const pdf = wrong.items.flatMap((item) => item.appendices).find((appendix) => appendix.paper?.kind === 'pdf')?.paper;
    if (pdf?.kind !== 'pdf') throw new Error('the sample meeting should have a PDF appendix');
    pdf.landscape = pdf.landscape.map((landscape) => !landscape);
    requests.length = 0;
    const ahead = printLayoutAhead(wrong, config, printer);
    const rebuilt = await buildPack(meeting, config, printer, { layoutAhead: ahead });
    expect(requests).toHaveLength(plainPrints + 1);
    expect((await readPdf(rebuilt.confidentialPdf as Uint8Array)).pages).toEqual((await readPdf(plain.confidentialPdf as Uint8Array)).pages);
    expect([...rebuilt.ranges]).toEqual([...plain.ranges]);

    // Ahead from the same meeting: used, so one print fewer.
    requests.length = 0;
    await buildPack(meeting, config, printer, { layoutAhead: printLayoutAhead(meeting, config, printer) });
    expect(requests).toHaveLength(plainPrints);
  });
});
