import path from 'node:path';
import type { Problem } from '../errors.js';
import type { CouncilConfig } from '../schema/council.js';
import { loadSource } from '../load/source.js';
import { reportFromSource } from '../report/load-report.js';
import { meetingFromSource } from '../meeting/load-meeting.js';
import { renderReportHtml } from '../render/report-html.js';
import { renderPackHtml } from '../render/pack-html.js';
import { fullParts } from '../meeting/pack-plan.js';
import { looksLike } from '../validate/report.js';
import type { Report } from '../schema/report.js';
import type { ImageMap } from '../load/images.js';
import type { ResolvedMeeting } from '../meeting/pack-model.js';

/** One rendering of the file being previewed: its HTML when it is valid, and every problem (warnings too). */
export type PreviewRendering =
  | { ok: true; kind: 'report'; html: string; problems: Problem[]; report: Report; images: ImageMap }
  | { ok: true; kind: 'meeting'; html: string; problems: Problem[]; meeting: ResolvedMeeting }
  | { ok: false; problems: Problem[] };

/**
 * Renders a report, or a meeting's whole pack (front sheet and every item, without page
 * numbers, which only printing finds), as the author's browser shows it: the same HTML the
 * build writes, from the same validation.
 */
export async function renderForPreview(file: string, config: CouncilConfig, root?: string): Promise<PreviewRendering> {
  // The previewed file is confined like any file it names: inside its own folder (as given, before
  // any link is followed) or --root, so a link to a file elsewhere is not read and served.
  const parsed = await loadSource(file, root ?? path.dirname(path.resolve(file)));
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const data = parsed.source.data;
  if (looksLike(data, ['committee', 'items'])) {
    // A preview is not publication: drafts are shown (marked DRAFT), as they are being written.
    const loaded = await meetingFromSource(parsed.source, config, { root, allowDraft: true });
    if (!loaded.ok) return { ok: false, problems: loaded.problems };
    const html = await renderPackHtml(loaded.value, fullParts(loaded.value), 'confidential', config, new Map());
    return { ok: true, kind: 'meeting', html, problems: loaded.warnings, meeting: loaded.value };
  }
  const loaded = await reportFromSource(parsed.source, config);
  if (!loaded.ok) return { ok: false, problems: loaded.problems };
  return { ok: true, kind: 'report', html: await renderReportHtml(loaded.value, config, loaded.images), problems: loaded.warnings, report: loaded.value, images: loaded.images };
}
