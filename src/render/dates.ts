/** "25 June 2012" (or the council language's equivalent) from an ISO date. */
export function formatLongDate(isoDate: string, language: string): string {
  return new Intl.DateTimeFormat(language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** "Monday, 25 June 2012" for agenda front sheets. */
export function formatMeetingDate(isoDate: string, language: string): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** "2:30 pm" from "14:30". */
export function formatTime(hhmm: string, language: string): string {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 0, 1, hours ?? 0, minutes ?? 0)));
}
