import path from 'node:path';
import { readMarkdownPaper, readPdfPaper, readPdfPapers, type PaperRead, type PdfPaperRead, type PdfShape } from '../load/load-paper.js';
import type { AgendaItem } from '../schema/meeting.js';
import type { CouncilConfig } from '../schema/council.js';
import { loadReport, type LoadedReport } from '../report/load-report.js';

/**
 * The reads of one meeting's files, by absolute path: each report and PDF is read once however
 * often it is named. The PDFs are read as soon as they are known (those a report names as it
 * loads, copied by qpdf together), while the items are resolved in agenda order, so problems are
 * still reported in order.
 */
export class MeetingReads {
  private readonly pdfs = new Map<string, Promise<PdfPaperRead>>();
  private readonly shapes = new Map<string, Promise<PdfShape | undefined>>();
  private readonly reports = new Map<string, Promise<LoadedReport>>();
  private readonly markdown = new Map<string, Promise<PaperRead>>();

  constructor(
    private readonly config: CouncilConfig,
    private readonly root: string,
  ) {}

  pdf(file: string): Promise<PdfPaperRead> {
    let read = this.pdfs.get(file);
    if (!read) {
      read = readPdfPaper(file, this.root);
      this.pdfs.set(file, read);
    }
    return read;
  }

  /**
   * A PDF's page count and first page's orientation, as soon as they are read from the file
   * (before qpdf has copied it); undefined when the file did not say them plainly.
   */
  pdfShape(file: string): Promise<PdfShape | undefined> {
    let shape = this.shapes.get(file);
    if (!shape) {
      shape = this.pdf(file).then((read) => (read.ok ? { pageCount: read.pageCount, firstPageLandscape: read.landscape[0] ?? false } : undefined));
      this.shapes.set(file, shape);
    }
    return shape;
  }

  markdownPaper(file: string): Promise<PaperRead> {
    let read = this.markdown.get(file);
    if (!read) {
      read = readMarkdownPaper(file, this.root);
      this.markdown.set(file, read);
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

  /**
   * Starts reading every PDF the agenda names, directly or through its reports: those of each
   * report as soon as it is loaded, so qpdf copies them while the next report loads.
   */
  async start(items: ReadonlyArray<AgendaItem | undefined>, baseDir: string): Promise<void> {
    const isPdf = (file: string | undefined): file is string => Boolean(file && /\.pdf$/i.test(file));
    const named: string[] = [];
    const reports: Array<Promise<void>> = [];
    for (const item of items) {
      if (!item || item.type === 'exclusion') continue;
      for (const file of [...(item.type === 'procedural' ? [item.papers] : []), ...item.appendices.map((appendix) => appendix.file)].filter(isPdf)) named.push(path.resolve(baseDir, file));
      if (item.type !== 'report') continue;
      const reportFile = path.resolve(baseDir, item.report);
      reports.push(
        this.report(reportFile).then(
          (loaded) => {
            if (loaded.ok)
              this.readTogether(
                loaded.value.appendices
                  .map((appendix) => appendix.file)
                  .filter(isPdf)
                  .map((file) => path.resolve(path.dirname(reportFile), file)),
              );
          },
          () => undefined,
        ),
      );
    }
    this.readTogether(named);
    await Promise.all(reports);
  }

  /** Reads PDFs not yet being read, copied together (see readPdfPapers). */
  private readTogether(files: readonly string[]): void {
    const fresh = [...new Set(files)].filter((file) => !this.pdfs.has(file));
    if (fresh.length === 0) return;
    const shapes = new Map(fresh.map((file) => [file, deferred<PdfShape | undefined>()]));
    for (const [file, shape] of shapes) this.shapes.set(file, shape.promise);
    const reads = readPdfPapers(fresh, this.root, undefined, (file, shape) => shapes.get(file)?.resolve(shape));
    // A read that ends before saying a file's shape (it failed) leaves it unknown.
    void reads.then(
      () =>
        shapes.forEach((shape) => {
          shape.resolve(undefined);
        }),
      () =>
        shapes.forEach((shape) => {
          shape.resolve(undefined);
        }),
    );
    fresh.forEach((file, index) => {
      const read = reads.then((all) => all[index] ?? { ok: false as const, message: 'the PDF could not be read' });
      // Awaited when its item is resolved; a failure is reported there, not as unhandled.
      read.catch(() => undefined);
      this.pdfs.set(file, read);
    });
  }
}

/** A promise and its resolve function (Promise.withResolvers is not in Node 20). */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
