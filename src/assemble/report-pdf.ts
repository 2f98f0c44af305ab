import type { Report } from '../schema/report.js';
import type { CouncilConfig } from '../schema/council.js';
import type { Printer } from '../print/printer.js';
import type { Problem } from '../errors.js';
import type { ImageMap } from '../load/images.js';
import { renderReportHtml } from '../render/report-html.js';
import { setPdfMetadata } from '../print/pdf-metadata.js';
import { anchorsInOutline, readBookmarkTargets } from '../print/outline.js';
import { finishPackInWorker } from './pdf/finish-in-worker.js';
import { reportMetadata } from './report-metadata.js';
import { linkWording } from '../print/link-descriptions.js';
import type { LoadedAppendix } from '../report/report-appendices.js';

/**
 * A validated report as a finished PDF (tagged, bookmarked, metadata, artifacts, described
 * links): the one path the API and the CLI both take. `html` is its HTML when already rendered.
 * With `appendices`, the whole report: Markdown and report appendices printed after it, and a
 * PDF appendix's pages drawn onto pages reserved for them (numbered with the report's pages,
 * landscape kept landscape, links and bookmarks carried), as in a pack.
 */
export async function printReportPdf(report: Report, config: CouncilConfig, printer: Printer, images?: ImageMap, html?: string, appendices?: readonly LoadedAppendix[]): Promise<{ bytes: Uint8Array; pages: number; warnings: Problem[] }> {
  const source = html ?? (await renderReportHtml(report, config, images, appendices ? { list: appendices, forPrint: true } : undefined));
  const printed = await printer.print({ html: source });
  const metadata = reportMetadata(report, config);
  const pdfs = (appendices ?? []).flatMap((appendix) => (appendix.paper?.kind === 'pdf' ? [{ id: `appendix-${appendix.number}`, paper: appendix.paper }] : []));
  if (pdfs.length === 0) return { ...(await setPdfMetadata(printed, metadata, source)), warnings: [] };
  const anchors = anchorsInOutline(source, (await readBookmarkTargets(printed)).targets);
  const finished = await finishPackInWorker(
    {
      printed,
      html: source,
      bookmarkTitles: [],
      pdfs: pdfs.map(({ id, paper }) => {
        const at = anchors.get(id);
        if (!at || at.pageIndex < 0) throw new Error(`cannot find where ${id} starts in the printed report`);
        return {
          anchor: id,
          file: paper.file,
          bytes: paper.bytes,
          firstSourcePage: paper.firstPage,
          firstPageIndex: at.pageIndex,
          pageCount: paper.pageCount,
          outline: paper.outline,
          namedDestinations: paper.namedDestinations,
          firstStamp: -1,
        };
      }),
      stampSheet: undefined,
      pageLabels: [],
      metadata: { title: metadata.title, subject: metadata.subject ?? '', author: metadata.author ?? '', language: metadata.language, keywords: metadata.keywords ?? [] },
      links: linkWording(config),
    },
    printer.timeoutMs,
  );
  return { bytes: finished.bytes, pages: finished.pages, warnings: finished.warnings };
}
