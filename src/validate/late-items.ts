import type { PathSegment } from '../load/source-document.js';
import type { LateItem, Meeting } from '../schema/meeting.js';

/**
 * A supplement's late item: a new one needs the chair's reason for urgency (and, if exempt, the
 * agenda's resolution to exclude the press and public); a replacement names an agenda item with
 * papers, and keeps its place in Part 1 (public) or Part 2 (exempt). `item` is the late item as
 * loaded, undefined when its papers could not be.
 */
export function checkLateItem(late: LateItem, item: { title: string; exemptParagraphs: readonly number[] } | undefined, itemPath: PathSegment[], meeting: Meeting, at: (fieldPath: PathSegment[], message: string) => void): void {
  const exclusion = meeting.items.findIndex((candidate) => candidate.type === 'exclusion');
  if (late.replaces === undefined) {
    if (!late.reason) at(itemPath, "a new item needs the chair's reason for taking it as a matter of urgency (reason), which the minutes must record (s.100B(4)(b) of the Local Government Act 1972)");
    if (item && item.exemptParagraphs.length > 0 && exclusion < 0) at(itemPath, `"${item.title}" is exempt, so the agenda needs the resolution to exclude the press and public (an item of type "exclusion") for it to follow`);
    return;
  }
  const replaced = meeting.items[late.replaces - 1];
  if (!replaced) {
    at([...itemPath, 'replaces'], `expected the number of an item on the agenda, 1 to ${meeting.items.length}`);
    return;
  }
  if (replaced.type === 'exclusion') {
    at([...itemPath, 'replaces'], `item ${late.replaces} is the resolution to exclude the press and public, which has no papers to replace`);
    return;
  }
  const partTwo = exclusion >= 0 && late.replaces - 1 > exclusion;
  const exempt = item !== undefined && item.exemptParagraphs.length > 0;
  if (item && exempt !== partTwo) {
    at(
      itemPath,
      partTwo
        ? `item ${late.replaces} is in Part 2 (exempt) on the agenda, so its replacement must be exempt too`
        : `"${item.title}" is exempt, but item ${late.replaces} is in Part 1 (public) on the agenda; replace it with public papers, or add the exempt papers as a new item`,
    );
  }
}
