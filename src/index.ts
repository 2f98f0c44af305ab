/** The library API: the same steps the CLI uses, for other programs. */
export { loadSource, parseSource } from './load/source.js';
export type { SourceDocument } from './load/source-document.js';
export { loadCouncilConfig, DEFAULT_TEMPLATES_DIR } from './config/council.js';
export type { CouncilConfig } from './schema/council.js';
export { reportSchema, type Report } from './schema/report.js';
export { validateReport } from './validate/report.js';
export { loadReport, type LoadedReport } from './report/load-report.js';
export type { ImageMap } from './load/images.js';
export { renderReportHtml } from './render/report-html.js';
export { Printer, type PrinterOptions } from './print/printer.js';
export { findBrowser } from './print/find-browser.js';
export { setPdfMetadata } from './print/pdf-metadata.js';
export { buildReports, type BuildResult, type OutputFormat } from './pipelines/build-reports.js';
export { meetingSchema, type Meeting } from './schema/meeting.js';
export { loadMeeting, type LoadedMeeting } from './meeting/load-meeting.js';
export { buildPack, type BuiltPack } from './assemble/build-pack.js';
export { buildMeetings, type MeetingResult } from './pipelines/build-meetings.js';
export { renderAgendaHtml } from './render/pack-html.js';
export { writeFileAtomic } from './output/write-atomic.js';
export { PapersError, formatProblem, type Problem } from './errors.js';
export { renderReportDocx } from './word/report-docx.js';
export { importReportDocx, type ImportedReport, type ImportNote } from './word/import-docx.js';
export { importReportFile, type ImportReportOptions, type ImportReportResult } from './word/import-report-file.js';

import type { Report } from './schema/report.js';
import type { CouncilConfig } from './schema/council.js';
import type { Printer } from './print/printer.js';
import type { ImageMap } from './load/images.js';
import { printReportPdf } from './assemble/report-pdf.js';

/** Prints a validated report to a finished PDF (tagged, bookmarked, with metadata). */
export async function renderReportPdf(report: Report, config: CouncilConfig, printer: Printer, images?: ImageMap): Promise<Uint8Array> {
  return (await printReportPdf(report, config, printer, images)).bytes;
}
