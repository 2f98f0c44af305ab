import path from 'node:path';
import type { Problem } from '../errors.js';
import type { CouncilConfig } from '../schema/council.js';
import type { Printer } from '../print/printer.js';
import { loadReport } from '../report/load-report.js';
import { setPdfMetadata } from '../print/pdf-metadata.js';
import { linkWording } from '../print/link-descriptions.js';
import { writeFilesTogether } from '../output/write-atomic.js';
import { renderForwardPlan } from './forward-plan.js';

export type ForwardPlanResult = { ok: true; outputs: string[]; decisions: number } | { ok: false; problems: Problem[] };

/**
 * Writes the forward plan (forward-plan.html and .pdf) from report files. Every report must be
 * valid: a plan that silently left out a decision would mislead, so a problem in any writes nothing.
 */
export async function buildForwardPlan(files: readonly string[], options: { outDir: string; config: CouncilConfig; printer: Printer }): Promise<ForwardPlanResult> {
  const reports = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const loaded = await loadReport(file, options.config);
    if (loaded.ok) reports.push({ file, report: loaded.value });
    else problems.push(...loaded.problems);
  }
  if (problems.length > 0) return { ok: false, problems };
  const html = await renderForwardPlan(reports, options.config);
  const council = reports[0]?.report.council ?? '';
  const title = options.config.labels.forwardPlanTitle ?? 'Forward plan';
  const printed = await setPdfMetadata(
    await options.printer.print({ html }),
    { title: `${title} – ${council}`, subject: title, author: council, language: options.config.language, keywords: ['forward plan', 'key decisions'], links: linkWording(options.config), pdfUa: true },
    html,
  );
  await writeFilesTogether(options.outDir, [
    { name: 'forward-plan.html', data: html },
    { name: 'forward-plan.pdf', data: printed.bytes },
  ]);
  return { ok: true, outputs: [path.join(options.outDir, 'forward-plan.html'), path.join(options.outDir, 'forward-plan.pdf')], decisions: reports.filter(({ report }) => report.keyDecision).length };
}
