import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { describeError, errorCodeOf, type ErrorCode, type Problem } from '../errors.js';
import type { CouncilConfig } from '../config/council.js';
import type { Printer } from '../print/printer.js';
import { writeFilesTogether } from '../output/write-atomic.js';
import { outputNameClashes, outputNameOf, outputPath } from '../output/output-path.js';
import { buildPack, printLayoutAhead, type LayoutAhead, type PackStage } from '../assemble/build-pack.js';
import type { ResolvedMeeting } from '../meeting/pack-model.js';
import { loadMeeting } from '../meeting/load-meeting.js';

export interface BuildMeetingsOptions {
  outDir: string;
  /** The data folder every meeting's files must be in; default: each meeting file's folder. */
  root?: string | undefined;
  config: CouncilConfig;
  printer: Printer;
  /** Let draft reports into the public pack, marked DRAFT (see MeetingLoadOptions.allowDraft). */
  allowDraft?: boolean | undefined;
  onProgress?: (event: { file: string; stage: 'validate' | PackStage | 'writing' | 'done' | 'failed' }) => void;
}

export type MeetingResult =
  | { file: string; ok: true; outputs: string[]; pages: number; publicPages: number; seconds: number; warnings: Problem[] }
  | { file: string; ok: false; problems: Problem[]; error?: string; code?: ErrorCode | 'INTERNAL'; seconds: number };

/** Builds every meeting with the one printer; a failing meeting is recorded and the rest go on. */
export async function buildMeetings(files: readonly string[], options: BuildMeetingsOptions): Promise<MeetingResult[]> {
  const results: MeetingResult[] = [];
  const clashes = outputNameClashes(files);
  for (const file of files) {
    const earlier = clashes.get(file);
    if (earlier) results.push({ file, ok: false, problems: [], error: `its output folder "${outputNameOf(file)}" is already taken by ${earlier} in this run; pack them into different --out folders`, code: 'INVALID_INPUT', seconds: 0 });
    else results.push(await buildMeeting(file, options));
  }
  return results;
}

export const OUTPUT_NAMES = { agenda: 'agenda.html', publicPack: 'public-pack.pdf', confidentialPack: 'confidential-pack.pdf' } as const;

async function buildMeeting(file: string, options: BuildMeetingsOptions): Promise<MeetingResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const progress = (stage: Parameters<NonNullable<BuildMeetingsOptions['onProgress']>>[0]['stage']) => options.onProgress?.({ file, stage });
  let layoutAhead: LayoutAhead | undefined;
  try {
    progress('validate');
    // The pack's layout print starts as soon as the PDFs' shapes are known, while qpdf copies them.
    const onProvisional = (provisional: ResolvedMeeting) => {
      layoutAhead = printLayoutAhead(provisional, options.config, options.printer);
    };
    const loaded = await loadMeeting(file, options.config, { root: options.root, onProvisional, allowDraft: options.allowDraft });
    if (!loaded.ok) {
      progress('failed');
      return { file, ok: false, problems: loaded.problems, code: 'INVALID_INPUT', seconds: seconds() };
    }
    const dir = outputPath(options.outDir, loaded.value.slug);
    const pack = await buildPack(loaded.value, options.config, options.printer, { onStage: progress, layoutAhead });
    progress('writing');
    // Everything is in memory before the first write, and the files appear together or not at all.
    const files = [
      { name: OUTPUT_NAMES.agenda, data: pack.agendaHtml },
      ...pack.itemPages.map((page) => ({ name: page.name, data: page.html })),
      { name: OUTPUT_NAMES.publicPack, data: pack.publicPdf },
      ...(pack.confidentialPdf ? [{ name: OUTPUT_NAMES.confidentialPack, data: pack.confidentialPdf }] : []),
    ];
    // Files of an earlier run must not outlive it: a confidential pack whose exempt items are
    // gone, or the web page of an item that has since become exempt.
    const earlier = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^item-\d+\.html$/.test(name) && !pack.itemPages.some((page) => page.name === name));
    await writeFilesTogether(dir, files, [...(pack.confidentialPdf ? [] : [OUTPUT_NAMES.confidentialPack]), ...earlier]);
    const outputs = files.map((output) => path.join(dir, output.name));
    progress('done');
    return { file, ok: true, outputs, pages: pack.pages, publicPages: pack.publicPages, seconds: seconds(), warnings: loaded.warnings };
  } catch (error) {
    progress('failed');
    return { file, ok: false, problems: [], error: describeError(error), code: errorCodeOf(error), seconds: seconds() };
  } finally {
    // A layout print for a meeting that failed to load is not left running into the next one.
    await layoutAhead?.bytes.catch(() => undefined);
  }
}
