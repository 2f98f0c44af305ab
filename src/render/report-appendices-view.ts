import type { LoadedAppendix } from '../report/report-appendices.js';
import type { TemplateSet } from './templates.js';
import { renderMarkdown } from './markdown.js';
import { buildReportView } from './report-view.js';
import { SLOT_SIDE_MARGIN_MM, slotPageCss, type SlotOrientation } from './slot-geometry.js';

/**
 * The appendices printed after a report built whole: each under "Appendix N: title" (numbered
 * as the closing table numbers it), Markdown rendered, a report as a report, and a PDF as its
 * reserved pages when printing (its pages are drawn in afterwards) or a note on the web page.
 */
export function buildReportAppendixViews(appendices: readonly LoadedAppendix[], templates: TemplateSet, options: { language: string; forPrint: boolean }) {
  const slotPages = new Map<SlotOrientation, { name: string; size: string; margins: string }>();
  type AppendixView = { id: string; heading: string; markdownHtml?: string; report?: ReturnType<typeof buildReportView>; pdfNote?: string; pdfSlots?: Array<{ first: boolean; pageName: string; height: string; caption: string }> };
  const views = appendices.flatMap((appendix): AppendixView[] => {
    const paper = appendix.paper;
    if (!paper) return [];
    const id = `appendix-${appendix.number}`;
    const heading = templates.appendixHeading(appendix.number, appendix.title);
    if (paper.kind === 'markdown') return [{ id, heading, markdownHtml: renderMarkdown(paper.text, 2, paper.images) }];
    if (paper.kind === 'report') return [{ id, heading, report: buildReportView(paper.report, templates, { language: options.language, titleLevel: 3, idPrefix: `${id}-`, images: paper.images }) }];
    if (!options.forPrint) return [{ id, heading, pdfNote: templates.label('pdfAppendixInReport', { pages: paper.pageCount }) }];
    const pdfSlots = paper.landscape.map((landscape, index) => {
      const orientation: SlotOrientation = landscape ? 'landscape' : 'portrait';
      const css = slotPageCss(orientation, SLOT_SIDE_MARGIN_MM);
      slotPages.set(orientation, { name: `slot-${orientation}`, size: css.size, margins: css.margins });
      return { first: index === 0, pageName: `slot-${orientation}`, height: css.height, caption: index === 0 ? heading : `${heading} (${templates.label('pdfAppendixPage', { page: index + 1, pages: paper.pageCount })})` };
    });
    return [{ id, heading, pdfSlots }];
  });
  return { appendixParts: views, slotPages: [...slotPages.values()], slotCaptionHeight: slotPageCss('portrait', SLOT_SIDE_MARGIN_MM).captionHeight };
}
