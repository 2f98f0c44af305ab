import type { Report } from '../schema/report.js';
import type { LoadedAppendix } from '../report/report-appendices.js';
import type { TemplateSet } from './templates.js';
import { renderMarkdown } from './markdown.js';
import { buildReportView } from './report-view.js';
import { SLOT_SIDE_MARGIN_MM, slotPageCss, type SlotOrientation } from './slot-geometry.js';

/** A named page of the print whose every page carries an exempt appendix's NOT FOR PUBLICATION mark. */
export interface MarkedPage {
  name: string;
  /** Restated for a page of the text's flow (Chromium lays a named page out at Letter width without it); a PDF's reserved page has its size from slotPages. */
  size: string | null;
  /** The mark (labels.exemptMark): top left on a page of text, bottom left on a PDF's reserved page, whose top the PDF's page covers. */
  mark: string;
  slot: boolean;
}

/**
 * The appendices printed after a report built whole: each under "Appendix N: title" (numbered
 * as the closing table numbers it), Markdown rendered, a report as a report, and a PDF as its
 * reserved pages when printing (its pages are drawn in afterwards) or a note on the web page.
 * An exempt appendix (see LoadedAppendix.exemptParagraphs) opens with its NOT FOR PUBLICATION
 * notice, as in the members' pack, and when printing every page of it is marked, as the
 * members' pack marks it: its pages are named pages of their own (`markedPages`).
 */
export function buildReportAppendixViews(appendices: readonly LoadedAppendix[], templates: TemplateSet, options: { language: string; forPrint: boolean }) {
  const slotPages = new Map<string, { name: string; size: string; margins: string }>();
  const markedPages = new Map<string, MarkedPage>();
  type AppendixView = {
    id: string;
    heading: string;
    exemptReason: string | null;
    pageName: string | null;
    markdownHtml?: string;
    report?: ReturnType<typeof buildReportView>;
    pdfNote?: string;
    pdfSlots?: Array<{ first: boolean; pageName: string; height: string; caption: string }>;
  };
  const views = appendices.flatMap((appendix): AppendixView[] => {
    const paper = appendix.paper;
    if (!paper) return [];
    const id = `appendix-${appendix.number}`;
    const heading = templates.appendixHeading(appendix.number, appendix.title);
    const exempt = appendix.exemptParagraphs;
    const paragraphs = templates.joinNumbers(exempt);
    const mark = exempt.length > 0 ? templates.label('exemptMark', { paragraphs }) : null;
    const exemptReason = exempt.length > 0 ? templates.label('exemptReason', { paragraphs }) : null;
    /** The named page of this appendix's pages: marked when it is exempt. */
    const marked = (base: string, slot: boolean): string => {
      if (!mark) return base;
      const name = `${base}-exempt-${exempt.join('-')}`;
      markedPages.set(name, { name, size: slot ? null : 'A4', mark, slot });
      return name;
    };
    // Named on the web page too, where it does nothing: without a PDF, the web page's HTML is the one printed.
    const pageName = mark ? marked('appendix', false) : null;
    if (paper.kind === 'markdown') return [{ id, heading, exemptReason, pageName, markdownHtml: renderMarkdown(paper.text, 2, paper.images) }];
    if (paper.kind === 'report') {
      const report = buildReportView(paper.report, templates, { language: options.language, titleLevel: 3, idPrefix: `${id}-`, images: paper.images });
      // An exempt report prints its own notice; the appendix adds one only where the report has none.
      return [{ id, heading, exemptReason: report.exempt === null ? exemptReason : null, pageName, report }];
    }
    if (!options.forPrint) return [{ id, heading, exemptReason, pageName, pdfNote: templates.label('pdfAppendixInReport', { pages: paper.pageCount }) }];
    const pdfSlots = paper.landscape.map((landscape, index) => {
      const orientation: SlotOrientation = landscape ? 'landscape' : 'portrait';
      const css = slotPageCss(orientation, SLOT_SIDE_MARGIN_MM);
      const name = marked(`slot-${orientation}`, true);
      slotPages.set(name, { name, size: css.size, margins: css.margins });
      return { first: index === 0, pageName: name, height: css.height, caption: index === 0 ? heading : `${heading} (${templates.label('pdfAppendixPage', { page: index + 1, pages: paper.pageCount })})` };
    });
    // No notice above a PDF: its page fills the reserved page, and the mark below it says so.
    return [{ id, heading, exemptReason: null, pageName: null, pdfSlots }];
  });
  return { appendixParts: views, slotPages: [...slotPages.values()], markedPages: [...markedPages.values()], slotCaptionHeight: slotPageCss('portrait', SLOT_SIDE_MARGIN_MM).captionHeight };
}

/**
 * What the author is told of a build that holds exempt information (labels.exemptReportMarked,
 * labels.exemptAppendixMarked): the report itself when it is exempt, or else each exempt
 * appendix, whose pages are marked NOT FOR PUBLICATION. `appendices` only when the build prints
 * them (HTML or PDF).
 */
export function exemptMarkNotes(report: Report, appendices: readonly LoadedAppendix[], templates: TemplateSet): Array<{ appendix: number | undefined; message: string }> {
  if (report.classification === 'exempt') return [{ appendix: undefined, message: templates.label('exemptReportMarked', { paragraphs: templates.joinNumbers(report.exemptParagraphs ?? []) }) }];
  return appendices.flatMap((appendix) =>
    appendix.paper && appendix.exemptParagraphs.length > 0
      ? [{ appendix: appendix.number, message: templates.label('exemptAppendixMarked', { appendix: templates.appendixHeading(appendix.number, appendix.title), paragraphs: templates.joinNumbers(appendix.exemptParagraphs) }) }]
      : [],
  );
}
