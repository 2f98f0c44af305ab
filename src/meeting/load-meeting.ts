import path from 'node:path';
import { describeError, type Problem } from '../errors.js';
import { resolveStyle, styleNameOf } from '../config/styles.js';
import { loadSource } from '../load/source.js';
import type { PathSegment, SourceDocument } from '../load/source-document.js';
import { MeetingReads } from './meeting-reads.js';
import { resolveImages } from '../load/images.js';
import { pdfPaper } from '../load/load-paper.js';
import { outputNameOf } from '../output/output-path.js';
import { agendaItemSchema, meetingSchema, type AgendaItem, type Meeting } from '../schema/meeting.js';
import type { CouncilConfig } from '../schema/council.js';
import { located, problemsFromIssues, shownFile } from '../validate/issues.js';
import { addWorkingDays, clearDaysBetween, latestIssueDate } from '../validate/clear-days.js';
import { nonWorkingDays } from '../validate/bank-holidays.js';
import { looksLike } from '../validate/report.js';
import { placeholderProblems, withPlaceholders } from '../validate/placeholders.js';
import { partTwoProblems } from '../validate/part-two.js';
import { checkLateItem } from '../validate/late-items.js';
import { keyDecisionNotices } from '../validate/key-decision-notice.js';
import { draftsInPublic, type PaperInPack } from '../validate/drafts-in-public.js';
import { hiddenTextRefusal } from '../validate/hidden-text.js';
import { agendaIssue, itemsAsHeld, type PackAppendix, type PackItem, type ResolvedMeeting, type ResolvedSupplement } from './pack-model.js';
import type { Paper } from '../load/paper.js';
import type { LoadedReport } from '../report/load-report.js';

export type LoadedMeeting = { ok: true; value: ResolvedMeeting; warnings: Problem[]; timetable: MeetingTimetable } | { ok: false; problems: Problem[] };

/**
 * Reads a meeting and every file it refers to, and checks the agenda's rules. All problems
 * are collected; one in a referenced file names the meeting file and the referenced file.
 */
export async function loadMeeting(file: string, config: CouncilConfig, options: MeetingLoadOptions = {}): Promise<LoadedMeeting> {
  const parsed = await loadSource(file);
  return parsed.ok ? meetingFromSource(parsed.source, config, options) : { ok: false, problems: parsed.problems };
}

/** The dates a clerk works to: the last day the agenda may be published (clear days, bank holidays). */
export interface MeetingTimetable {
  publishBy: string;
  clearDaysRequired: number;
  clearDaysGiven: number;
  /**
   * Each key decision on the agenda, the last day it could be put on the forward plan (28 clear
   * days), and the last day it could be called in if taken at the meeting and published that day.
   */
  keyDecisions: Array<{ item: number; title: string; noticeBy: string; callInEnds: string }>;
  /** Each supplementary agenda: when it is issued, the clear days that leaves, and its items. */
  supplements: Array<{ number: number; dateOfIssue: string; clearDaysGiven: number; items: number[] }>;
}

export interface MeetingLoadOptions {
  /**
   * The data folder: every file the meeting names (reports, papers, appendices, images) must be
   * inside it, symbolic links resolved. Default: the folder holding the meeting file.
   */
  root?: string | undefined;
  /**
   * Called, before the load ends, with the meeting as it will be once its PDFs are copied, when
   * that is known sooner (a PDF's page count and first page are read before qpdf copies it):
   * the pack's first print can start while the copies are made. Not called for a meeting that
   * already has problems; the load's own result is still the one that counts.
   */
  onProvisional?: ((meeting: ResolvedMeeting) => void) | undefined;
  /** Let a draft report into the public pack (marked DRAFT on each of its pages); refused otherwise. */
  allowDraft?: boolean | undefined;
}

/** The same, for a file already parsed. */
export async function meetingFromSource(source: SourceDocument, config: CouncilConfig, options: MeetingLoadOptions = {}): Promise<LoadedMeeting> {
  const file = source.file;
  const root = options.root ?? path.dirname(file);
  if (looksLike(source.data, ['title', 'sections']) && !looksLike(source.data, ['committee'])) {
    return { ok: false, problems: [{ file, ...source.locate([]), message: "this is a report (it has title and sections), not a meeting: a report is built on its own (papers build), or named in a meeting's items" }] };
  }
  const result = meetingSchema.safeParse(source.data);
  const problems: Problem[] = result.success ? [] : problemsFromIssues(source, result.error.issues, meetingSchema);
  // A starting file's placeholders: said as such, and nothing they name is looked for.
  const placeholders = placeholderProblems(source);
  if (placeholders.length > 0) return { ok: false, problems: withPlaceholders(problems, placeholders) };
  // Items that are well formed are resolved even when other fields are wrong, so a clerk sees
  // the problems of the referenced files in the same run.
  const rawItems = result.success ? result.data.items : wellFormedItems(source.data);
  const context: Resolving = { file, source, config, problems, root, placeOf: new Map(), pathOf: new Map(), reads: new MeetingReads(config, root) };
  await context.reads.start([...rawItems, ...(result.success ? result.data.supplements.flatMap((supplement) => supplement.items) : [])], path.dirname(file));
  let provisionalDone: Promise<void> | undefined;
  if (result.success && options.onProvisional) {
    const onProvisional = options.onProvisional;
    const provisional: Resolving = { ...context, problems: [], placeOf: new Map(), pathOf: new Map(), provisional: true };
    provisionalDone = resolveItems(rawItems, provisional).then(
      (items) => {
        if (provisional.problems.length === 0) onProvisional({ file, slug: outputNameOf(file), meeting: result.data, items, supplements: [], issue: agendaIssue(result.data) });
      },
      // A PDF whose shape is not known ahead: the pack waits for the load, as it would anyway.
      () => undefined,
    );
  }
  const items = await resolveItems(rawItems, context);
  // The provisional meeting needs only what the load proper needs first (shapes come before
  // copies), so it is done by now or nearly: waited for, so the hand-over never depends on timing.
  await provisionalDone;
  const supplements = result.success ? await resolveSupplements(result.data, context) : [];
  const everyItem = [...items, ...supplements.flatMap((supplement) => supplement.items)];
  // The agenda's items and every supplement's: each PDF going into a public pack is checked here.
  const papers = everyItem.flatMap((item) => papersOf(item, context));
  refuseHiddenText(papers, context);
  if (!result.success) return { ok: false, problems };
  const meeting = result.data;

  problems.push(...partTwoProblems(meeting, items, source));
  const drafts = draftsInPublic(papers, source, options.allowDraft === true);
  problems.push(...drafts.problems);
  const warnings: Problem[] = [...drafts.warnings];
  if (problems.length > 0) return { ok: false, problems };

  const year = Number(meeting.date.slice(0, 4));
  // The year before (notice periods reach back) to the year after (a call-in period may run past New Year).
  const holidays = await nonWorkingDays(String(year - 1), `${year + 1}-12-31`, config.bankHolidayRegion, config.bankHolidays);
  const clearDays = clearDaysBetween(meeting.dateOfIssue, meeting.date, holidays);
  const keyDecisionNoticeBy = latestIssueDate(meeting.date, config.keyDecisionNoticeClearDays, holidays);
  const timetable: MeetingTimetable = {
    publishBy: latestIssueDate(meeting.date, config.publicationClearDays, holidays),
    clearDaysRequired: config.publicationClearDays,
    clearDaysGiven: clearDays,
    supplements: supplements.map((supplement) => ({
      number: supplement.number,
      dateOfIssue: supplement.dateOfIssue,
      clearDaysGiven: clearDaysBetween(supplement.dateOfIssue, meeting.date, holidays),
      items: supplement.items.map((item) => item.number),
    })),
    keyDecisions: itemsAsHeld({ items, supplements }).flatMap((item) =>
      item.paper?.kind === 'report' && item.paper.report.keyDecision ? [{ item: item.number, title: item.title, noticeBy: keyDecisionNoticeBy, callInEnds: addWorkingDays(meeting.date, config.callInWorkingDays, holidays) }] : [],
    ),
  };
  // Each rule's findings are warnings or errors, as the council's configuration says.
  const rules = config.timetableRules;
  const reports = everyItem.flatMap((item) => (item.paper?.kind === 'report' ? [{ report: item.paper.report, file: item.paper.file, fieldPath: [...itemPathOf(item, context), 'report'] }] : []));
  (rules.keyDecisionNotice === 'error' ? problems : warnings).push(...keyDecisionNotices(reports, meeting.date, holidays, config, source));
  if (clearDays < config.publicationClearDays) {
    (rules.publication === 'error' ? problems : warnings).push(
      located(source, ['dateOfIssue'], `issued ${clearDays} clear day(s) before the meeting; the law requires ${config.publicationClearDays} (publish earlier, or record the chair's agreement that the business is urgent)`),
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  const slug = outputNameOf(file);
  return { ok: true, value: { file, slug, meeting, items, supplements, issue: agendaIssue(meeting) }, warnings, timetable };
}

/** The items of an invalid meeting that are valid on their own, with their places in the list. */
function wellFormedItems(data: unknown): Array<AgendaItem | undefined> {
  const items = (data as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return [];
  return items.map((item) => {
    const parsed = agendaItemSchema.safeParse(item);
    return parsed.success ? parsed.data : undefined;
  });
}

/** What resolving a meeting's items needs: where problems go, and the data folder. */
interface Resolving {
  file: string;
  source: SourceDocument;
  config: CouncilConfig;
  problems: Problem[];
  root: string;
  /** Where each PDF paper was named, for problems found once its classification is known. */
  placeOf: Map<Paper, { fieldPath: PathSegment[]; prefix: string }>;
  /** Every report and PDF the meeting names, each read once, PDFs several at a time. */
  reads: MeetingReads;
  /** Where each item was named in the meeting file: in items, or in a supplement. */
  pathOf: Map<PackItem, PathSegment[]>;
  /** Resolving ahead of the PDFs' copies, from their shapes (see onProvisional). */
  provisional?: boolean;
}

async function resolveItems(list: ReadonlyArray<AgendaItem | undefined>, context: Resolving): Promise<PackItem[]> {
  const items: PackItem[] = [];
  for (const [index, item] of list.entries()) {
    if (!item) continue;
    const resolved = await resolveItem(item, index + 1, ['items', index], context);
    if (!resolved) continue;
    context.pathOf.set(resolved, ['items', index]);
    items.push(resolved);
  }
  return items;
}

/**
 * The late items of each supplement, numbered: one replacing an agenda item's papers takes its
 * number, a new one the next number after the agenda's and earlier supplements' items. A new
 * item needs the chair's reason for urgency; a replacement keeps its item's place in Part 1 or 2.
 */
async function resolveSupplements(meeting: Meeting, context: Resolving): Promise<ResolvedSupplement[]> {
  const at = (fieldPath: PathSegment[], message: string) => context.problems.push(located(context.source, fieldPath, message));
  const supplements: ResolvedSupplement[] = [];
  let nextNumber = meeting.items.length + 1;
  let previousIssue = meeting.dateOfIssue;
  for (const [supplementIndex, supplement] of meeting.supplements.entries()) {
    const supplementPath: PathSegment[] = ['supplements', supplementIndex];
    if (supplement.dateOfIssue < previousIssue) at([...supplementPath, 'dateOfIssue'], `expected a date on or after ${previousIssue}, when the ${supplementIndex === 0 ? 'agenda' : 'supplement before it'} was issued`);
    else if (supplement.dateOfIssue > meeting.date) at([...supplementPath, 'dateOfIssue'], `expected a date on or before the meeting (${meeting.date})`);
    if (supplement.dateOfIssue > previousIssue) previousIssue = supplement.dateOfIssue;
    const items: PackItem[] = [];
    const replaced = new Set<number>();
    for (const [index, late] of supplement.items.entries()) {
      const itemPath: PathSegment[] = [...supplementPath, 'items', index];
      // One supplement gives an item's papers once: two would both be item N in its pack.
      if (late.replaces !== undefined && replaced.has(late.replaces)) {
        at([...itemPath, 'replaces'], `item ${late.replaces} is already replaced earlier in this supplement; give all its papers in one late item`);
        continue;
      }
      if (late.replaces !== undefined) replaced.add(late.replaces);
      const item = await resolveItem(late, late.replaces ?? nextNumber++, itemPath, context);
      checkLateItem(late, item, itemPath, meeting, at);
      if (!item) continue;
      item.late = { supplement: supplementIndex + 1, reason: late.reason, replaces: late.replaces !== undefined };
      context.pathOf.set(item, itemPath);
      items.push(item);
    }
    // Its pack and front sheet take the public items first, then the exempt ones under Part 2, as the agenda does.
    const inPackOrder = [...items.filter((item) => item.exemptParagraphs.length === 0), ...items.filter((item) => item.exemptParagraphs.length > 0)];
    supplements.push({ number: supplementIndex + 1, dateOfIssue: supplement.dateOfIssue, items: inPackOrder });
  }
  return supplements;
}

async function resolveItem(item: AgendaItem, number: number, itemPath: PathSegment[], context: Resolving): Promise<PackItem | undefined> {
  const { file, source, config, problems } = context;
  const at = (fieldPath: PathSegment[], message: string) => problems.push(located(source, fieldPath, message));
  const baseDir = path.dirname(file);
  const meeting = (source.data ?? {}) as { committee?: unknown; date?: unknown };
  if (item.type === 'exclusion') {
    return emptyItem(number, 'exclusion', item.title ?? config.labels.exclusionTitle ?? '');
  }
  if (item.type === 'procedural') {
    const paper = item.papers ? await loadPaper(path.resolve(baseDir, item.papers), [...itemPath, 'papers'], context) : undefined;
    // Classification follows content: papers that are an exempt report make the item exempt.
    const exemptParagraphs = exemptParagraphsOf(paper);
    const appendices = await loadItemAppendices(item.appendices, 1, itemPath, baseDir, context);
    return {
      ...emptyItem(number, 'procedural', item.title),
      text: item.text,
      paper,
      appendices: appendices.map((appendix) => ({ ...appendix, exemptParagraphs: merge(exemptParagraphs, appendix.exemptParagraphs) })),
      exemptParagraphs,
      exemptDescription: paper?.kind === 'report' ? paper.report.exemptDescription : undefined,
      exemptBy: exemptParagraphs.length > 0 && paper ? paper.file : undefined,
    };
  }
  const reportFile = path.resolve(baseDir, item.report);
  const loaded = await useReport(reportFile, [...itemPath, 'report'], context);
  if (!loaded) return undefined;
  const report = loaded.value;
  if (report.meeting.body !== meeting.committee || report.meeting.date !== meeting.date) {
    at([...itemPath, 'report'], `the report ${shownFile(reportFile)} is for ${report.meeting.body} on ${report.meeting.date}; expected ${String(meeting.committee)} on ${String(meeting.date)}`);
  }
  // A pack is in one style: a report written for another would come out unlike itself.
  if (report.style) {
    try {
      // A folder the report names must lie in the meeting's data folder, as its papers do.
      if ((await resolveStyle(report.style, path.dirname(reportFile), process.cwd(), context.root)) !== config.templatesDir) {
        at([...itemPath, 'report'], `the report ${shownFile(reportFile)} is in the style ${report.style}, and this meeting's packs are in ${styleNameOf(config.templatesDir)}: give both the same style`);
      }
    } catch (error) {
      at([...itemPath, 'report'], `the report ${shownFile(reportFile)}: style: ${describeError(error)}`);
    }
  }
  const exemptParagraphs = report.classification === 'exempt' ? (report.exemptParagraphs ?? []) : [];
  const reportAppendices: PackAppendix[] = [];
  for (const [appendixIndex, appendix] of report.appendices.entries()) {
    const paper = appendix.file ? await loadPaper(path.resolve(path.dirname(reportFile), appendix.file), [...itemPath, 'report'], context, `appendix ${appendixIndex + 1} of ${shownFile(reportFile)}: `) : undefined;
    reportAppendices.push({ number: appendixIndex + 1, title: appendix.title, paper, exemptParagraphs: merge(exemptParagraphs, appendix.exemptParagraphs, exemptParagraphsOf(paper)) });
  }
  const extra = await loadItemAppendices(item.appendices, reportAppendices.length + 1, itemPath, baseDir, context);
  return {
    ...emptyItem(number, 'report', report.title),
    paper: { kind: 'report', file: reportFile, report, images: loaded.images },
    appendices: [...reportAppendices, ...extra.map((appendix) => ({ ...appendix, exemptParagraphs: merge(exemptParagraphs, appendix.exemptParagraphs) }))],
    exemptParagraphs,
    exemptDescription: report.exemptDescription,
    author: report.author,
  };
}

/**
 * Each paper an item puts into the pack: its own and its appendices', whether each is exempt, and
 * where the item is named (its report, for a report item).
 */
function papersOf(item: PackItem, context: Resolving): PaperInPack[] {
  const fieldPath: PathSegment[] = item.kind === 'report' ? [...itemPathOf(item, context), 'report'] : itemPathOf(item, context);
  return [
    { paper: item.paper, exempt: item.exemptParagraphs.length > 0, what: 'the report', fieldPath },
    ...item.appendices.map((appendix) => ({ paper: appendix.paper, exempt: appendix.exemptParagraphs.length > 0, what: `appendix ${appendix.number} (${appendix.title})`, fieldPath })),
  ];
}

/** A public PDF that hides text is refused (src/validate/hidden-text.ts), located where it was named. */
function refuseHiddenText(papers: readonly PaperInPack[], context: Resolving): void {
  for (const { paper, exempt, fieldPath } of papers) {
    const refusal = hiddenTextRefusal(paper, exempt);
    if (!refusal || !paper) continue;
    const place = context.placeOf.get(paper);
    context.problems.push(located(context.source, place?.fieldPath ?? fieldPath, `${place?.prefix ?? ''}${shownFile(paper.file)}: ${refusal}`));
  }
}

/** The Schedule 12A paragraphs of a paper that is an exempt report; none for other papers. */
function exemptParagraphsOf(paper: Paper | undefined): number[] {
  return paper?.kind === 'report' && paper.report.classification === 'exempt' ? [...(paper.report.exemptParagraphs ?? [])] : [];
}

async function loadItemAppendices(list: Array<{ title: string; file: string; exemptParagraphs?: number[] | undefined }>, firstNumber: number, itemPath: PathSegment[], baseDir: string, context: Resolving): Promise<PackAppendix[]> {
  const out: PackAppendix[] = [];
  for (const [index, appendix] of list.entries()) {
    const paper = await loadPaper(path.resolve(baseDir, appendix.file), [...itemPath, 'appendices', index, 'file'], context);
    // An appendix that is itself an exempt report is exempt, whatever the meeting says.
    out.push({ number: firstNumber + index, title: appendix.title, paper, exemptParagraphs: merge(appendix.exemptParagraphs ?? [], exemptParagraphsOf(paper)) });
  }
  return out;
}

async function loadPaper(file: string, fieldPath: PathSegment[], context: Resolving, prefix = ''): Promise<Paper | undefined> {
  const { source, problems } = context;
  const name = shownFile(file);
  if (/\.pdf$/i.test(file) && context.provisional) {
    const shape = await context.reads.pdfShape(file);
    if (!shape) throw new Error(`the shape of ${file} is not known ahead of its copy`);
    // Only what the layout print uses is known; the rest is filled in by the load proper.
    return { kind: 'pdf', file, bytes: new Uint8Array(), firstPage: 0, pageCount: shape.pageCount, landscape: [shape.firstPageLandscape], outline: [], namedDestinations: {}, hiddenText: [], sha256: '' };
  }
  if (/\.pdf$/i.test(file)) {
    const read = await context.reads.pdf(file);
    if (!read.ok) {
      problems.push(located(source, fieldPath, `${prefix}${name}: ${read.message}`));
      return undefined;
    }
    const paper: Paper = pdfPaper(file, read);
    context.placeOf.set(paper, { fieldPath, prefix });
    return paper;
  }
  if (/\.(md|markdown)$/i.test(file)) {
    const read = await context.reads.markdownPaper(file);
    if (!read.ok) problems.push(located(source, fieldPath, `${prefix}${name}: ${read.message}`));
    else if ('text' in read) {
      const images = new Map<string, string>();
      const imageProblems = await resolveImages(read.text, path.dirname(file), images);
      for (const problem of imageProblems) problems.push(located(source, fieldPath, `${prefix}${name}: ${problem.message}`));
      return imageProblems.length > 0 ? undefined : { kind: 'markdown', file, text: read.text, images };
    }
    return undefined;
  }
  const loaded = await useReport(file, fieldPath, context, prefix);
  return loaded ? { kind: 'report', file, report: loaded.value, images: loaded.images } : undefined;
}

/** Loads a report the meeting names; its problems are reported under the meeting's field, then its own. */
async function useReport(file: string, fieldPath: PathSegment[], context: Resolving, prefix = ''): Promise<Extract<LoadedReport, { ok: true }> | undefined> {
  const { source, problems } = context;
  const loaded = await context.reads.report(file);
  if (loaded.ok) return loaded;
  problems.push(located(source, fieldPath, `${prefix}cannot use the report ${shownFile(file)}: it has ${loaded.problems.length} problem(s), listed below`));
  problems.push(...loaded.problems.map((problem) => ({ ...problem, file: shownFile(problem.file) })));
  return undefined;
}

/** Where an item was named in the meeting file (an agenda item, or a supplement's late item). */
function itemPathOf(item: PackItem, context: Resolving): PathSegment[] {
  return context.pathOf.get(item) ?? ['items', item.number - 1];
}

function emptyItem(number: number, kind: PackItem['kind'], title: string): PackItem {
  return { number, kind, title, text: undefined, paper: undefined, appendices: [], exemptParagraphs: [], exemptDescription: undefined, exemptBy: undefined, author: undefined, late: undefined };
}

function merge(...lists: Array<readonly number[] | undefined>): number[] {
  return [...new Set(lists.flatMap((list) => list ?? []))].sort((x, y) => x - y);
}
