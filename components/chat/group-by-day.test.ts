import { describe, expect, it } from "vitest";
import { dayGroup, groupByDay } from "./group-by-day";

const now = new Date(2026, 4, 20, 9, 30);
const at = (month: number, day: number, hour = 12) => new Date(2026, month, day, hour).toISOString();

describe("groupByDay", () => {
  it("groups by calendar day in local time, not by 24-hour spans", () => {
    expect(dayGroup(new Date(2026, 4, 20, 0, 1), now)).toBe("Today");
    expect(dayGroup(new Date(2026, 4, 19, 23, 59), now)).toBe("Yesterday");
    expect(dayGroup(new Date(2026, 4, 13, 12), now)).toBe("Previous 7 days");
    expect(dayGroup(new Date(2026, 4, 12, 12), now)).toBe("Older");
  });

  it("lists chats newest first inside ordered groups and leaves empty groups out", () => {
    const groups = groupByDay(
      [
        { id: "old", title: "Old", updatedAt: at(0, 2), knowledgeBaseName: null },
        { id: "today-early", title: "A", updatedAt: at(4, 20, 8), knowledgeBaseName: "HR" },
        { id: "today-late", title: "B", updatedAt: at(4, 20, 9), knowledgeBaseName: "HR" },
        { id: "week", title: "C", updatedAt: at(4, 15), knowledgeBaseName: "HR" },
      ],
      now,
    );
    expect(groups.map((group) => [group.group, group.chats.map((chat) => chat.id)])).toEqual([
      ["Today", ["today-late", "today-early"]],
      ["Previous 7 days", ["week"]],
      ["Older", ["old"]],
    ]);
  });
});
