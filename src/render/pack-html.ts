import type { CouncilConfig } from '../config/council.js';
import type { ResolvedMeeting } from '../assemble/pack-model.js';
import type { PackPart, PackVariant } from '../assemble/pack-plan.js';
import { loadTemplates } from './templates.js';
import { buildFrontSheetView, buildPackView, type KnownRanges } from './pack-view.js';
import { formatLongDate } from './dates.js';

/** The whole pack (front sheet and every part) as one printable HTML document. */
export async function renderPackHtml(resolved: ResolvedMeeting, parts: readonly PackPart[], variant: PackVariant, config: CouncilConfig, ranges: KnownRanges): Promise<string> {
  const templates = await loadTemplates(config);
  const view = buildPackView(resolved, parts, variant, templates, config, ranges);
  return templates.render('pack', { ...view, styles: templates.style('report') + templates.style('pack') });
}

/** The agenda front sheet on its own, for the council's website. */
export async function renderAgendaHtml(resolved: ResolvedMeeting, config: CouncilConfig, ranges: KnownRanges): Promise<string> {
  const templates = await loadTemplates(config);
  const front = buildFrontSheetView(resolved, templates, config, ranges);
  const title = `${resolved.meeting.committee}, ${formatLongDate(resolved.meeting.date, config.language)}: ${templates.label('agenda')} – ${resolved.meeting.council}`;
  return templates.render('agenda', { lang: config.language, title, front, styles: templates.style('report') + templates.style('pack') });
}
