import type { HistoryItem } from "./history-types";

export type DayGroup = "Today" | "Yesterday" | "Previous 7 days" | "Older";

const ORDER: readonly DayGroup[] = ["Today", "Yesterday", "Previous 7 days", "Older"];

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Which group a time falls in, by calendar day in the browser's time zone. */
export function dayGroup(updatedAt: Date, now: Date): DayGroup {
  const today = startOfDay(now);
  const day = startOfDay(updatedAt);
  // Calendar days, not 24-hour spans: a DST change makes a day 23 or 25 hours long.
  const daysAgo = Math.round((today - day) / 86_400_000);
  if (daysAgo <= 0) return "Today";
  if (daysAgo === 1) return "Yesterday";
  if (daysAgo <= 7) return "Previous 7 days";
  return "Older";
}

/** Chats newest first, in their day groups (empty groups left out). */
export function groupByDay(chats: readonly HistoryItem[], now: Date): { group: DayGroup; chats: HistoryItem[] }[] {
  const sorted = [...chats].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const groups = new Map<DayGroup, HistoryItem[]>();
  for (const chat of sorted) {
    const group = dayGroup(new Date(chat.updatedAt), now);
    groups.set(group, [...(groups.get(group) ?? []), chat]);
  }
  return ORDER.flatMap((group) => (groups.has(group) ? [{ group, chats: groups.get(group)! }] : []));
}
