import path from 'node:path';
import { readPdfPaper, type PdfPaperRead } from '../load/load-paper.js';
import type { AgendaItem } from '../schema/meeting.js';
import type { CouncilConfig } from '../config/council.js';
import { loadReport, type LoadedReport } from '../report/load-report.js';

/** PDFs read at once: each read is mostly qpdf, in its own process. */
const PDF_READS_AT_ONCE = 4;

/**
 * The reads of one meeting's files, by absolute path: each report and PDF is read once however
 * often it is named, and all the PDFs are started before the items are resolved in agenda order,
 * so their reads overlap while problems are still reported in order.
 */
export class MeetingReads {
  private readonly pdfs = new Map<string, Promise<PdfPaperRead>>();
  private readonly reports = new Map<string, Promise<LoadedReport>>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly config: CouncilConfig,
    private readonly root: string,
  ) {}

  pdf(file: string): Promise<PdfPaperRead> {
    let read = this.pdfs.get(file);
    if (!read) {
      read = this.limited(() => readPdfPaper(file, this.root));
      this.pdfs.set(file, read);
    }
    return read;
  }

  report(file: string): Promise<LoadedReport> {
    let read = this.reports.get(file);
    if (!read) {
      read = loadReport(file, this.config, { root: this.root });
      this.reports.set(file, read);
    }
    return read;
  }

  /** Starts reading every PDF the agenda names, directly or through its reports. */
  async start(items: ReadonlyArray<AgendaItem | undefined>, baseDir: string): Promise<void> {
    const isPdf = (file: string | undefined): file is string => Boolean(file && /\.pdf$/i.test(file));
    for (const item of items) {
      if (!item || item.type === 'exclusion') continue;
      const named = [...(item.type === 'procedural' ? [item.papers] : []), ...item.appendices.map((appendix) => appendix.file)];
      for (const file of named.filter(isPdf)) void this.pdf(path.resolve(baseDir, file)).catch(() => undefined);
      if (item.type !== 'report') continue;
      const reportFile = path.resolve(baseDir, item.report);
      const loaded = await this.report(reportFile).catch(() => undefined);
      if (!loaded?.ok) continue;
      for (const appendix of loaded.value.appendices) {
        if (isPdf(appendix.file)) void this.pdf(path.resolve(path.dirname(reportFile), appendix.file)).catch(() => undefined);
      }
    }
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= PDF_READS_AT_ONCE) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}
