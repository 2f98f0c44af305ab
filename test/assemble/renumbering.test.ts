import { describe, expect, it } from 'vitest';
import { loadCouncilConfig } from '../../src/config/council.js';
import { loadSampleMeeting } from '../helpers/data-copy.js';
import { buildPack, type PackStage } from '../../src/assemble/build-pack.js';
import { itemAnchor } from '../../src/meeting/pack-plan.js';
import { hasPapers } from '../../src/meeting/pack-model.js';
import { Printer } from '../../src/print/printer.js';
import { readPdf } from '../helpers/pdf.js';
import { pdfFindings } from '../helpers/produced-outputs.js';

/**
 * When filling the page numbers in moves a page break (a real front sheet can shrink when a
 * placeholder that wrapped is replaced by a short range), the pack is printed again with the
 * numbers found, until they hold. Here the first numbered print of the members' pack gets a
 * page more before the first item, as such a move would give it.
 */
describe('page numbers that move when they are filled in', () => {
  it('are found again by printing again, and the finished pack’s front sheet matches its pages', async () => {
    const config = await loadCouncilConfig();
    const meeting = await loadSampleMeeting(config);
    const printer = new Printer();
    const print = printer.print.bind(printer);
    let membersPrints = 0;
    printer.print = async (request) => {
      // The members' pack, not its measuring print (whose body is marked layout-pass).
      const numberedMembers = request.html.includes('Confidential agenda pack') && !/<body class="[^"]*\blayout-pass/.test(request.html);
      if (!numberedMembers) return print(request);
      membersPrints += 1;
      if (membersPrints > 1) return print(request);
      return print({ ...request, html: request.html.replace('<section class="pack-part', '<div style="break-before: page; height: 1mm"></div><section class="pack-part') });
    };
    const stages: PackStage[] = [];
    try {
      const pack = await buildPack(meeting, config, printer, { onStage: (stage) => stages.push(stage) });
      // Moved by the page, then back: the numbers hold on the third numbered print.
      expect(membersPrints).toBe(3);
      expect(stages.filter((stage) => stage === 'renumbering')).toHaveLength(2);
      const members = await readPdf(pack.confidentialPdf as Uint8Array);
      for (const item of meeting.items.filter(hasPapers)) {
        const bookmark = members.bookmarks.find((entry) => entry.title.startsWith(`Item ${item.number}:`));
        expect(pack.ranges.get(itemAnchor(item))?.first, item.title).toBe((bookmark?.pageIndex ?? -2) + 1);
      }
      expect(members.pageCount).toBe(pack.pages);
      // Printed three times, finished once: the file that comes out passes the PDF/UA checks.
      expect(await pdfFindings(pack.confidentialPdf as Uint8Array)).toEqual([]);
    } finally {
      await printer.close();
    }
  });
});
