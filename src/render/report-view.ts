import type { Report } from '../schema/report.js';
import type { TemplateSet } from './templates.js';
import { renderMarkdown, renderMarkdownInline } from './markdown.js';
import { formatLongDate } from './dates.js';
import type { ImageMap } from '../load/images.js';
import { buildCoverRows } from './cover-view.js';
import { numberedParagraphs } from '../report/paragraphs.js';
import { appendixMark, recommendationMark } from './style-numbering.js';

export interface ReportViewOptions {
  language: string;
  /** Heading level of the report title: 1 on its own and as a pack item, 3 as an appendix. */
  titleLevel?: 1 | 2 | 3;
  /** Id of the title heading, which packs use to find the report's first page. */
  anchorId?: string;
  /** Prefix for element ids, unique per report inside a pack. */
  idPrefix?: string;
  /** The report's images, checked and embedded when it was loaded. */
  images?: ImageMap;
}

/** Everything the report templates print, with paragraph numbers generated here and nowhere else. */
export function buildReportView(report: Report, templates: TemplateSet, options: ReportViewOptions) {
  const titleLevel = options.titleLevel ?? 1;
  const images = options.images;
  const exemptParagraphs = report.classification === 'exempt' ? (report.exemptParagraphs ?? []) : [];
  const shape = templates.reportShape;
  const coverRows = buildCoverRows(shape.cover, report.cover, templates, options.language, images);
  // Implications as numbered sections go on from the body's numbers; closing sections after them.
  const afterBody = report.sections.length + 1;
  const implicationsAsSections = shape.implications === 'sections';
  const afterImplications = afterBody + (implicationsAsSections ? report.implications.length : 0);
  return {
    lang: options.language,
    idPrefix: options.idPrefix ?? '',
    anchorId: options.anchorId ?? null,
    titleTag: `h${titleLevel}`,
    sectionTag: `h${titleLevel + 1}`,
    council: report.council,
    meeting: report.meeting,
    meetingDate: formatLongDate(report.meeting.date, options.language),
    title: report.title,
    subject: `${report.meeting.body}, ${formatLongDate(report.meeting.date, options.language)}`,
    draft: report.status === 'draft',
    exempt: exemptParagraphs.length > 0 ? { reason: templates.label('exemptReason', { paragraphs: templates.joinNumbers(exemptParagraphs) }) } : null,
    accountableMember: report.accountableMember,
    accountableOfficer: report.accountableOfficer,
    wards: report.wards,
    keyDecision: report.keyDecision,
    forwardPlanReference: report.forwardPlanReference ?? '',
    executiveSummaryHtml: renderMarkdown(report.executiveSummary, 0, images),
    recommendations: {
      intro: report.recommendations.intro,
      items: report.recommendations.items.map((item) => renderMarkdownInline(item, images)),
      // A list's own numbering (<ol type>) when the report chooses one, for templates that use a list.
      listType: report.recommendations.numbering ? { '1.': '1', 'a)': 'a', 'A.': 'A', '(i)': 'i' }[report.recommendations.numbering] : null,
      // Each with the mark the style numbers it with (1. / a) / A. / (i)), for templates that print marks.
      marked: report.recommendations.items.map((item, index) => ({ mark: recommendationMark(index, report.recommendations.numbering ?? shape.numbering.recommendations), html: renderMarkdownInline(item, images) })),
    },
    implications: report.implications.map((row) => ({ heading: row.heading, html: renderMarkdown(row.text, 0, images), contact: row.contact ?? null })),
    /** The style's own cover fields, in its order; and by name, for a template that places each itself. */
    coverRows,
    cover: Object.fromEntries(coverRows.map((row) => [row.name, row])),
    logo: templates.logo ? { src: templates.logo, alt: templates.label('logoAlt', { council: report.council }) } : null,
    /** Implications as numbered sections after the body, when the style puts them there. */
    implicationSections: implicationsAsSections
      ? report.implications.map((row, index) => ({ number: afterBody + index, heading: row.heading, paragraphNumber: `${afterBody + index}.1`, html: renderMarkdown(row.text, 0, images), contact: row.contact ?? null }))
      : [],
    /** Numbers for closing sections numbered in sequence with the body (background documents, appendices, contacts). */
    // null where the style leaves closing sections unnumbered.
    closingNumbers: shape.closingSections === 'numbered' ? { first: afterImplications, second: afterImplications + 1, third: afterImplications + 2, fourth: afterImplications + 3 } : null,
    exemptParagraphsText: templates.joinNumbers(exemptParagraphs),
    sections: report.sections.map((section, sectionIndex) => ({
      number: sectionIndex + 1,
      heading: section.heading,
      paragraphs: numberedParagraphs(section, sectionIndex).map((paragraph) => ({
        number: paragraph.number,
        html: renderMarkdown(paragraph.text, 0, images),
        // A sub-paragraph (1.2.1) sits under its paragraph.
        sub: paragraph.level === 3,
      })),
    })),
    author: report.author,
    appendices: report.appendices.map((appendix, index) => ({ number: index + 1, mark: appendixMark(index + 1, shape.numbering.appendices), title: appendix.title })),
    backgroundPapers: report.backgroundPapers.map((text, index) => ({ number: index + 1, html: renderMarkdownInline(text, images) })),
  };
}
