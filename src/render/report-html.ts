import type { Report } from '../schema/report.js';
import type { CouncilConfig } from '../config/council.js';
import { loadTemplates } from './templates.js';
import { buildReportView } from './report-view.js';
import type { ImageMap } from '../load/images.js';

/** One self-contained, accessible HTML document for a report (styles inlined, nothing fetched). */
export async function renderReportHtml(report: Report, config: CouncilConfig, images?: ImageMap): Promise<string> {
  const templates = await loadTemplates(config);
  const view = buildReportView(report, templates, { language: config.language, ...(images ? { images } : {}) });
  return templates.render('report', { ...view, styles: templates.style('report') });
}
