import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { errorCodeOf, failureOf, PapersError, type ErrorCode, type Problem } from '../errors.js';
import type { CouncilConfig } from '../schema/council.js';
import type { Printer } from '../print/printer.js';
import { writeFilesTogether, type OutputFile } from '../output/write-atomic.js';
import { lockFolder, type FolderLock } from '../output/folder-lock.js';
import { outputNameClashes, outputNameOf, outputPath } from '../output/output-path.js';
import { buildPack, printLayoutAhead, type LayoutAhead, type PackStage } from '../assemble/build-pack.js';
import { supplementPack, type ResolvedMeeting } from '../meeting/pack-model.js';
import { loadMeeting } from '../meeting/load-meeting.js';
import { renderWebPages, type PrintedIssue } from '../render/pack-html.js';
import { currentPacks, MANIFEST_NAME, readManifest, type IssuedPack, type Manifest } from '../output/manifest.js';
import { packFingerprint } from './pack-fingerprint.js';
import { filesIntact, inputChanges, isPublished, issuedPack, localToday, packFileNames, packVersionsIn, pageChanges, rangesOf, supplementNumbering } from './publication.js';
import packageJson from '../../package.json' with { type: 'json' };

export interface BuildMeetingsOptions {
  outDir: string;
  /** The data folder every meeting's files must be in; default: each meeting file's folder. */
  root?: string | undefined;
  config: CouncilConfig;
  /** The configuration of each meeting's style, when meetings may name their own (see StyleChooser); default: config for all. */
  configFor?: ((file: string) => Promise<CouncilConfig>) | undefined;
  printer: Printer;
  /** Let draft reports into the public pack, marked DRAFT (see MeetingLoadOptions.allowDraft). */
  allowDraft?: boolean | undefined;
  onProgress?: (event: { file: string; stage: 'validate' | PackStage | 'writing' | 'done' | 'failed' }) => void;
  /** Write a new version of a published pack whose papers changed, beside it (refused otherwise). */
  republish?: boolean | undefined;
  /** Today, YYYY-MM-DD: a pack whose date of issue has come is published (default: the machine's date). */
  today?: string | undefined;
}

export type MeetingResult =
  | { file: string; ok: true; outputs: string[]; pages: number; publicPages: number; seconds: number; warnings: Problem[]; notes: string[] }
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

/** The pack files' names come from packFileNames (publication.ts); the manifest's from MANIFEST_NAME. */
export const OUTPUT_NAMES = { agenda: 'agenda.html' } as const;

async function buildMeeting(file: string, options: BuildMeetingsOptions): Promise<MeetingResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const progress = (stage: Parameters<NonNullable<BuildMeetingsOptions['onProgress']>>[0]['stage']) => options.onProgress?.({ file, stage });
  let layoutAhead: LayoutAhead | undefined;
  let lock: FolderLock | undefined;
  try {
    progress('validate');
    const config = options.configFor ? await options.configFor(file) : options.config;
    const dir = outputPath(options.outDir, outputNameOf(file));
    // One build at a time writes a meeting's folder, from reading what it holds to the last write:
    // another build of it (another run, or this one) is refused while this one holds the lock.
    lock = await lockFolder(dir);
    // What this folder holds already: read once, and a record that cannot be read stops the meeting here.
    const manifest = await readManifest(dir);
    const present = (await readdir(dir).catch(() => [] as string[])).sort();
    const today = options.today ?? localToday();
    // The pack's layout print starts as soon as the PDFs' shapes are known, while qpdf copies them;
    // not when the agenda pack is already published, which is then kept or refused, not printed.
    const agendaPublished = [...currentPacks(manifest).values()].some((pack) => pack.issue === 0 && isPublished(pack, today));
    const onProvisional = agendaPublished
      ? undefined
      : (provisional: ResolvedMeeting) => {
          layoutAhead = printLayoutAhead(provisional, config, options.printer);
        };
    const loaded = await loadMeeting(file, config, { root: options.root, onProvisional, allowDraft: options.allowDraft });
    if (!loaded.ok) {
      progress('failed');
      return { file, ok: false, problems: loaded.problems, code: 'INVALID_INPUT', seconds: seconds() };
    }
    const resolved = loaded.value;
    const issued = await issuePacks(resolved, dir, manifest, present, { ...options, config, today }, layoutAhead, progress);
    if (lock.takenOver) issued.notes.unshift(`the lock of ${dir} left by ${lock.takenOver}, no longer running, was taken over`);
    progress('writing');
    // Everything is in memory before the first write, and the files appear together or not at all.
    const web = issued.web ?? (await renderWebPages(issued.issues, config));
    const record: Manifest = { manifest: 1, tool: `committee-papers ${packageJson.version}`, meeting: path.basename(file), packs: issued.records };
    const files: OutputFile[] = [
      { name: OUTPUT_NAMES.agenda, data: web.agendaHtml },
      ...web.itemPages.map((page) => ({ name: page.name, data: page.html })),
      ...issued.files,
      { name: MANIFEST_NAME, data: `${JSON.stringify(record, null, 2)}\n` },
    ];
    // Files of an earlier run must not outlive it: a confidential pack whose exempt items are
    // gone, or the web page of an item that has since become exempt.
    const earlier = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^(supplement-\d+-)?item-\d+\.html$/.test(name) && !web.itemPages.some((page) => page.name === name));
    await writeFilesTogether(dir, files, [...issued.remove, ...earlier]);
    const outputs = [OUTPUT_NAMES.agenda, ...web.itemPages.map((page) => page.name), ...issued.current].map((name) => path.join(dir, name));
    progress('done');
    return { file, ok: true, outputs, pages: issued.pages, publicPages: issued.publicPages, seconds: seconds(), warnings: [...loaded.warnings, ...issued.warnings], notes: issued.notes };
  } catch (error) {
    progress('failed');
    return { file, ok: false, ...failureOf(error), code: errorCodeOf(error), seconds: seconds() };
  } finally {
    // A layout print for a meeting that failed to load is not left running into the next one.
    await layoutAhead?.bytes.catch(() => undefined);
    // However the build ended; an interrupt's exit releases it too (folder-lock.ts).
    await lock?.release();
  }
}

interface IssuedPacks {
  /** Each issue (the agenda, then its supplements) with its page numbers, for the web pages. */
  issues: PrintedIssue[];
  /** The web pages as the agenda's pack made them, when there is nothing else to add to them. */
  web: { agendaHtml: string; itemPages: Array<{ name: string; html: string }> } | undefined;
  /** Pack files to write, and files of earlier runs to remove. */
  files: OutputFile[];
  remove: string[];
  /** Every pack file that now stands for its issue, written in this run or kept. */
  current: string[];
  /** The manifest's records: every version ever written, this run's included. */
  records: IssuedPack[];
  /** What happened to published packs, for the clerk. */
  notes: string[];
  /** What the clerk should know of the packs' PDF papers as placed. */
  warnings: Problem[];
  pages: number;
  publicPages: number;
}

/**
 * The packs of the agenda and of each supplement. A pack published (its date of issue come) is
 * left as it is when nothing it is made from has changed, so a late item leaves the published
 * pack byte for byte; when something has, the build is refused, unless republishing, which
 * writes a new version beside it and says what changed.
 */
async function issuePacks(
  resolved: ResolvedMeeting,
  dir: string,
  manifest: Manifest | undefined,
  present: readonly string[],
  options: BuildMeetingsOptions & { today: string },
  layoutAhead: LayoutAhead | undefined,
  progress: (stage: PackStage) => void,
): Promise<IssuedPacks> {
  const { config, printer, today } = options;
  const known = currentPacks(manifest);
  const result: IssuedPacks = { issues: [], web: undefined, files: [], remove: [], current: [], records: [...(manifest?.packs ?? [])], notes: [], warnings: [], pages: 0, publicPages: 0 };
  // Packs in the folder that the manifest does not record (manifest.json deleted, or a write cut
  // short): published from their date of issue all the same, so never silently overwritten.
  const packFilesIn = (issue: number) => present.filter((name) => packVersionsIn([name], issue).length > 0);
  const unrecordedPacks = (issue: number) => packVersionsIn(present, issue).filter((found) => !manifest?.packs.some((record) => record.issue === issue && record.version === found));
  const dateOfIssue = (issue: number) => (issue === 0 ? resolved.issue.dateOfIssue : (resolved.supplements[issue - 1]?.dateOfIssue ?? ''));
  const issues = Array.from({ length: resolved.supplements.length + 1 }, (_, issue) => issue);
  const orphaned = issues.filter((issue) => !known.has(issue) && unrecordedPacks(issue).length > 0 && dateOfIssue(issue) <= today);
  if (orphaned.length > 0 && !options.republish) {
    const named = (issue: number) => `${issue === 0 ? 'the agenda pack' : `supplementary agenda ${issue}`}, published on ${dateOfIssue(issue)} (${packFilesIn(issue).join(', ')})`;
    const next = orphaned.map((issue) => packFileNames(issue, Math.max(...unrecordedPacks(issue)) + 1).public);
    throw new PapersError(
      'PUBLISHED',
      `${dir} holds published packs, ${orphaned.map(named).join('; ')}, but ${manifest ? `${MANIFEST_NAME} has no record of them` : `no ${MANIFEST_NAME}, the record of what was published`}, so whether this build would change them cannot be told; nothing was written. Restore ${MANIFEST_NAME} from a backup (the packs are then checked against it), or build with --republish to write a new version beside them (${next.join(', ')})`,
    );
  }
  let before = { pageOffset: 0, pages: 0 };
  for (const issue of issues) {
    const supplement = resolved.supplements[issue - 1];
    const pack = supplement ? supplementPack(resolved, supplement, supplementNumbering(config, issue, before)) : resolved;
    const what = supplement ? `supplementary agenda ${issue}` : 'the agenda pack';
    const published = known.get(issue);
    // The fingerprint (the templates' files read and hashed; PDFs by the hash the loader took) runs beside the build unless a published pack waits on it.
    const fingerprinted = packFingerprint(pack, config);
    fingerprinted.catch(() => undefined);
    let version = published?.version ?? 1;
    let changes: string[] = [];
    const unrecorded = unrecordedPacks(issue);
    if (orphaned.includes(issue)) {
      version = Math.max(...unrecorded) + 1;
      result.notes.push(`${what}: version ${version} written beside the published ${packFilesIn(issue).join(', ')}, of which ${MANIFEST_NAME} had no record`);
    }
    if (published && isPublished(published, today)) {
      const fingerprint = await fingerprinted;
      const intact = await filesIntact(dir, published);
      if (published.inputs === fingerprint.inputs && intact) {
        result.issues.push({ resolved: pack, ranges: rangesOf(published) });
        result.current.push(...published.files.map((entry) => entry.name));
        result.notes.push(`${what}: published on ${published.dateOfIssue} and unchanged; left as it was`);
        if (issue === 0) {
          result.pages = published.pages;
          result.publicPages = published.publicPages;
        }
        before = published;
        continue;
      }
      if (published.inputs !== fingerprint.inputs) {
        changes = inputChanges(published, fingerprint, new Map(pack.items.map((item) => [`item-${item.number}`, item.title])));
        if (!options.republish) {
          throw new PapersError(
            'PUBLISHED',
            `${what} was published on ${published.dateOfIssue} (${published.files.map((entry) => entry.name).join(', ')}) and this build would change it: ${changes.join('; ')}. Keep the published papers as they were and put late or revised papers, as new files, in a supplement (supplements: in the meeting file), or build with --republish to write a new version beside the published one`,
          );
        }
        // After any version in the folder the manifest missed (a write cut short), never over it.
        version = Math.max(published.version, ...unrecorded) + 1;
      } else {
        result.notes.push(`${what}: a file of it was missing or changed since it was published on ${published.dateOfIssue}; written again from its unchanged papers`);
      }
    }
    const [built, fingerprint] = await Promise.all([buildPack(pack, config, printer, { onStage: progress, layoutAhead: issue === 0 ? layoutAhead : undefined }), fingerprinted]);
    const names = packFileNames(issue, version);
    result.warnings.push(...built.warnings);
    const packFiles = [{ name: names.public, data: built.publicPdf }, ...(built.confidentialPdf ? [{ name: names.confidential, data: built.confidentialPdf }] : [])];
    if (!built.confidentialPdf) result.remove.push(names.confidential);
    result.files.push(...packFiles);
    result.current.push(...packFiles.map((entry) => entry.name));
    result.records = [...result.records.filter((record) => record.issue !== issue || record.version !== version), issuedPack(pack, version, fingerprint, built, packFiles)];
    if (published && version > published.version) {
      result.notes.push(
        `${what}: version ${version} written beside the published version ${published.version} (${names.public}): ${changes.join('; ')}; ${pageChanges(published, built.ranges, built.pages, pack.issue.pagePrefix).join('; ')}`,
      );
    }
    result.issues.push({ resolved: pack, ranges: built.ranges });
    if (issue === 0) {
      result.pages = built.pages;
      result.publicPages = built.publicPages;
      // Without supplements, the agenda's own web pages (made while its packs were finished) are all there is.
      if (resolved.supplements.length === 0) result.web = { agendaHtml: built.agendaHtml, itemPages: built.itemPages };
    }
    before = { pageOffset: pack.issue.pageOffset, pages: built.pages };
  }
  // A supplement taken out of the meeting file after it was written: its files stay as they were.
  for (const [issue, record] of known) {
    if (issue > resolved.supplements.length)
      result.notes.push(`supplementary agenda ${issue} is in ${MANIFEST_NAME} but no longer in the meeting file; its files (${record.files.map((entry) => entry.name).join(', ')}) are left as they were`);
  }
  return result;
}
