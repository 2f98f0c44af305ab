/** Clear days between two ISO dates: neither end counts, nor weekends, nor the given holidays. */
export function clearDaysBetween(fromIso: string, toIso: string, holidays: readonly string[] = []): number {
  const skip = new Set(holidays);
  const day = new Date(`${fromIso}T00:00:00Z`);
  const end = new Date(`${toIso}T00:00:00Z`);
  let count = 0;
  for (day.setUTCDate(day.getUTCDate() + 1); day < end; day.setUTCDate(day.getUTCDate() + 1)) {
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !skip.has(day.toISOString().slice(0, 10))) count += 1;
  }
  return count;
}

/** The last day the agenda can be issued for a meeting on `meetingIso` with `required` clear days before it. */
export function latestIssueDate(meetingIso: string, required: number, holidays: readonly string[] = []): string {
  const skip = new Set(holidays);
  const day = new Date(`${meetingIso}T00:00:00Z`);
  for (let counted = 0; counted < required; ) {
    day.setUTCDate(day.getUTCDate() - 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !skip.has(day.toISOString().slice(0, 10))) counted += 1;
  }
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** The day `count` working days after `fromIso` (weekends and the given holidays skipped). */
export function addWorkingDays(fromIso: string, count: number, holidays: readonly string[] = []): string {
  const skip = new Set(holidays);
  const day = new Date(`${fromIso}T00:00:00Z`);
  for (let added = 0; added < count; ) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !skip.has(day.toISOString().slice(0, 10))) added += 1;
  }
  return day.toISOString().slice(0, 10);
}
