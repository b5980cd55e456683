/** A `YYYY-MM-DD` filter value as the start of that UTC day (or, with `endOfDay`, of the next); undefined if malformed. */
export function parseDay(value: string | undefined, endOfDay = false): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const day = new Date(`${value}T00:00:00Z`);
  if (endOfDay) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}
