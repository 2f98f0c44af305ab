import path from 'node:path';
import type { Problem } from '../errors.js';
import type { CouncilConfig } from '../schema/council.js';
import type { Printer } from '../print/printer.js';
import { loadTemplates } from '../render/templates.js';
import { setPdfMetadata } from '../print/pdf-metadata.js';
import { linkWording } from '../print/link-descriptions.js';
import { outputPath } from '../output/output-path.js';
import { writeFilesTogether } from '../output/write-atomic.js';
import { loadOutcomes } from './load-outcomes.js';
import { buildDecisionNoticeViews, buildMinutesView, hasExemptMinutes } from './outcomes-view.js';

export type OutcomesResult = { file: string; ok: true; outputs: string[] } | { file: string; ok: false; problems: Problem[] };

/**
 * From a meeting's outcomes: the minutes (minutes.md to edit, minutes.html, minutes.pdf) and, for
 * an executive body, a decision notice for each decision (decision-notice-item-N.html and .pdf),
 * written beside the meeting's pack (DIR/<meeting>/), all together or none.
 */
export async function buildOutcomes(file: string, options: { outDir: string; config: CouncilConfig; printer: Printer }): Promise<OutcomesResult> {
  const loaded = await loadOutcomes(file, options.config);
  if (!loaded.ok) return { file, ok: false, problems: loaded.problems };
  const { config, printer } = options;
  const templates = await loadTemplates(config);
  const styles = templates.style('report') + templates.style('pack');
  const minutes = buildMinutesView(loaded.meeting, loaded.outcomes, templates, config);
  const minutesHtml = templates.render('minutes', { ...minutes, styles });
  const pdfOf = async (html: string, title: string) =>
    (
      await setPdfMetadata(
        await printer.print({ html }),
        {
          title,
          subject: `${loaded.meeting.meeting.committee}, ${minutes.date}`,
          author: loaded.meeting.meeting.council,
          language: config.language,
          keywords: ['minutes', loaded.meeting.meeting.committee],
          links: linkWording(config),
          pdfUa: true,
        },
        html,
      )
    ).bytes;
  const files: Array<{ name: string; data: string | Uint8Array }> = [
    { name: 'minutes.md', data: templates.render('minutes-md', minutes) },
    { name: 'minutes.html', data: minutesHtml },
    { name: 'minutes.pdf', data: await pdfOf(minutesHtml, minutes.title) },
  ];
  // Exempt items' whole records, for members only: the public minutes leave their words out.
  if (hasExemptMinutes(loaded.meeting)) {
    const exempt = buildMinutesView(loaded.meeting, loaded.outcomes, templates, config, 'exempt');
    const html = templates.render('minutes', { ...exempt, styles });
    files.push({ name: 'minutes-exempt.md', data: templates.render('minutes-md', exempt) }, { name: 'minutes-exempt.html', data: html }, { name: 'minutes-exempt.pdf', data: await pdfOf(html, exempt.title) });
  }
  for (const notice of await buildDecisionNoticeViews(loaded.meeting, loaded.outcomes, templates, config)) {
    const html = templates.render('decision-notice', { ...notice, styles });
    files.push({ name: `${notice.name}.html`, data: html }, { name: `${notice.name}.pdf`, data: await pdfOf(html, notice.title) });
  }
  const dir = outputPath(options.outDir, loaded.meeting.slug);
  await writeFilesTogether(dir, files);
  return { file, ok: true, outputs: files.map((output) => path.join(dir, output.name)) };
}
