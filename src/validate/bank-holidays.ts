import type Holidays from 'date-holidays';

/** The bank holiday calendars of the UK, as a council's configuration names them. */
export const BANK_HOLIDAY_REGIONS = { 'england-and-wales': 'ENG', scotland: 'SCT', 'northern-ireland': 'NIR' } as const;
export type BankHolidayRegion = keyof typeof BANK_HOLIDAY_REGIONS;

const calendars = new Map<BankHolidayRegion, Holidays>();
const years = new Map<string, readonly string[]>();
let library: Promise<typeof Holidays> | undefined;

/**
 * date-holidays, loaded when first needed: it brings every country's rules and an astronomy
 * library, a third of the CLI's code, which building a report never uses (its start-up is what an
 * author waits for on every build).
 */
function holidayLibrary(): Promise<typeof Holidays> {
  library ??= import('date-holidays').then((module) => module.default);
  return library;
}

/**
 * The bank holidays of a region in a year (YYYY-MM-DD), substitute days included, from the
 * maintained rules of `date-holidays` (ISC; its data CC-BY 3.0): any year, with the one-off days
 * it knows (jubilees, a state funeral, a coronation). A council adds its own closures in its
 * configuration.
 */
export async function bankHolidaysIn(year: number, region: BankHolidayRegion): Promise<readonly string[]> {
  const key = `${region} ${year}`;
  let found = years.get(key);
  if (!found) {
    let calendar = calendars.get(region);
    if (!calendar) {
      const Library = await holidayLibrary();
      calendar = new Library('GB', BANK_HOLIDAY_REGIONS[region]);
      calendars.set(region, calendar);
    }
    found = calendar
      .getHolidays(year)
      .filter((holiday) => holiday.type === 'public')
      .map((holiday) => holiday.date.slice(0, 10));
    years.set(key, found);
  }
  return found;
}

/** Every bank holiday from one date's year to another's, with the council's own closures. */
export async function nonWorkingDays(fromIso: string, toIso: string, region: BankHolidayRegion, extra: readonly string[]): Promise<string[]> {
  const days = [...extra];
  for (let year = Number(fromIso.slice(0, 4)); year <= Number(toIso.slice(0, 4)); year++) days.push(...(await bankHolidaysIn(year, region)));
  return days;
}
