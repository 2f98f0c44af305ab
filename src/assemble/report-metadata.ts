import type { Report } from '../schema/report.js';
import type { PdfMetadata } from '../print/pdf-metadata.js';
import type { CouncilConfig } from '../schema/council.js';
import { linkWording } from '../print/link-descriptions.js';
import { formatLongDate } from '../render/dates.js';

export function reportMetadata(report: Report, config: CouncilConfig): PdfMetadata {
  const { language } = config;
  const keyword = config.labels.reportKeyword ?? 'committee report';
  return {
    title: `${report.title} – ${report.council}`,
    author: report.author.name,
    subject: `${report.council}, ${report.meeting.body}, ${formatLongDate(report.meeting.date, language)}`,
    language,
    keywords: [keyword, report.meeting.body],
    links: linkWording(config),
    // Chromium tags everything a report holds; its running marks become artifacts.
    pdfUa: true,
  };
}
