import type { Report } from '../schema/report.js';
import type { PdfMetadata } from '../print/pdf-metadata.js';
import { formatLongDate } from '../render/dates.js';

export function reportMetadata(report: Report, language: string): PdfMetadata {
  return {
    title: `${report.title} – ${report.council}`,
    author: report.author.name,
    subject: `${report.council}, ${report.meeting.body}, ${formatLongDate(report.meeting.date, language)}`,
    language,
    keywords: ['committee report', report.meeting.body],
  };
}
