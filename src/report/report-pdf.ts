import type { Report } from '../schema/report.js';
import type { CouncilConfig } from '../config/council.js';
import type { Printer } from '../print/printer.js';
import type { ImageMap } from '../load/images.js';
import { renderReportHtml } from '../render/report-html.js';
import { setPdfMetadata } from '../print/pdf-metadata.js';
import { reportMetadata } from './report-metadata.js';

/**
 * A validated report as a finished PDF (tagged, bookmarked, metadata, artifacts, described
 * links): the one path the API and the CLI both take. `html` is its HTML when already rendered.
 */
export async function printReportPdf(report: Report, config: CouncilConfig, printer: Printer, images?: ImageMap, html?: string): Promise<{ bytes: Uint8Array; pages: number }> {
  const source = html ?? (await renderReportHtml(report, config, images));
  const printed = await printer.print({ html: source });
  return setPdfMetadata(printed, reportMetadata(report, config), source);
}
