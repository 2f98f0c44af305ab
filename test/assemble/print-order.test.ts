import { describe, expect, it } from 'vitest';
import { loadCouncilConfig } from '../../src/config/council.js';
import { loadSampleMeeting } from '../helpers/data-copy.js';
import { buildPack, type BuiltPack } from '../../src/assemble/build-pack.js';
import { Printer } from '../../src/print/printer.js';
import { readPdf } from '../helpers/pdf.js';
import { pdfFindings } from '../helpers/produced-outputs.js';

/** Builds the sample meeting's packs, counting how many prints were ever under way at once. */
async function packWith(sideBySideMaxPages: number | undefined): Promise<{ pack: BuiltPack; mostAtOnce: number }> {
  const config = await loadCouncilConfig();
  const meeting = await loadSampleMeeting(config);
  const printer = new Printer();
  const print = printer.print.bind(printer);
  let underWay = 0;
  let mostAtOnce = 0;
  printer.print = async (request) => {
    mostAtOnce = Math.max(mostAtOnce, ++underWay);
    try {
      return await print(request);
    } finally {
      underWay -= 1;
    }
  };
  try {
    return { pack: await buildPack(meeting, config, printer, sideBySideMaxPages === undefined ? {} : { sideBySideMaxPages }), mostAtOnce };
  } finally {
    await printer.close();
  }
}

describe('printing a large pack', () => {
  it('prints the two versions one after the other above the size limit, with the same result as side by side', async () => {
    const sideBySide = await packWith(undefined);
    const oneAfterTheOther = await packWith(0);
    // The members' and public packs and the stamp sheet are asked for at once (the printer prints two at a time).
    expect(sideBySide.mostAtOnce).toBe(3);
    expect(oneAfterTheOther.mostAtOnce).toBe(1);
    for (const key of ['publicPdf', 'confidentialPdf'] as const) {
      const [a, b] = [await readPdf(sideBySide.pack[key] as Uint8Array), await readPdf(oneAfterTheOther.pack[key] as Uint8Array)];
      expect(b.pages).toEqual(a.pages);
      expect(await pdfFindings(oneAfterTheOther.pack[key] as Uint8Array)).toEqual([]);
    }
    expect([...oneAfterTheOther.pack.ranges]).toEqual([...sideBySide.pack.ranges]);
  });
});
