import type { Problem } from '../errors.js';
import type { Paper } from '../load/paper.js';
import type { PathSegment, SourceDocument } from '../load/source-document.js';
import { located, shownFile } from './issues.js';

/** A paper going into a pack: whether it is exempt (members only), what it is ("the report", "appendix 2 (Plans)") and where it is named. */
export interface PaperInPack {
  paper: Paper | undefined;
  exempt: boolean;
  what: string;
  fieldPath: PathSegment[];
}

/**
 * Draft reports (status: draft) that would go into the public pack, as an item's papers or as a
 * public appendix. A draft is not for publication: refused, unless the clerk chose to publish it
 * (--allow-draft), when it is a warning and each of its pages is marked DRAFT.
 */
export function draftsInPublic(papers: readonly PaperInPack[], source: SourceDocument, allowDraft: boolean): { problems: Problem[]; warnings: Problem[] } {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  for (const { paper, exempt, what, fieldPath } of papers) {
    if (exempt || paper?.kind !== 'report' || paper.report.status !== 'draft') continue;
    const named = `${what} ${shownFile(paper.file)}`;
    if (allowDraft) warnings.push(located(source, fieldPath, `${named} is a draft (status: draft) going into the public pack, as --allow-draft allows; it is marked DRAFT on each of its pages`));
    else problems.push(located(source, fieldPath, `${named} is a draft (status: draft), which would go into the public pack; set status: final when it is ready, or build with --allow-draft to publish it marked DRAFT`));
  }
  return { problems, warnings };
}
