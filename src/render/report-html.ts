import path from 'node:path';
import { PapersError } from '../errors.js';
import type { Report } from '../schema/report.js';
import type { CouncilConfig } from '../schema/council.js';
import { loadTemplates } from './templates.js';
import { cssString } from './css-string.js';
import { buildReportView } from './report-view.js';
import { buildReportAppendixViews } from './report-appendices-view.js';
import type { ImageMap } from '../load/images.js';
import type { LoadedAppendix } from '../report/report-appendices.js';

/** A report's appendices to render after it: for print (a PDF's pages reserved) or for the web (a note). */
export interface RenderedAppendices {
  list: readonly LoadedAppendix[];
  forPrint: boolean;
}

/** One self-contained, accessible HTML document for a report (styles inlined, nothing fetched), with its appendices when given. */
export async function renderReportHtml(report: Report, config: CouncilConfig, images?: ImageMap, appendices?: RenderedAppendices): Promise<string> {
  const templates = await loadTemplates(config);
  const view = buildReportView(report, templates, { language: config.language, ...(images ? { images } : {}) });
  const extra = appendices ? buildReportAppendixViews(appendices.list, templates, { language: config.language, forPrint: appendices.forPrint }) : { appendixParts: [], slotPages: [], markedPages: [] };
  const html = templates.render('report', { ...view, ...extra, styles: templates.style('report') });
  // A style's report.hbs made before exempt appendices were marked would print them unmarked: refused, not printed so.
  const unmarked = extra.markedPages.find((page) => !html.includes(cssString(page.mark)));
  if (unmarked) {
    throw new PapersError(
      'CONFIG',
      `${path.join(config.templatesDir, 'report.hbs')}: does not mark the pages of exempt appendices NOT FOR PUBLICATION; add {{> report-page-marks}} to its <style>, after the slotPages rules (see the shipped templates/report.hbs)`,
    );
  }
  return html;
}
