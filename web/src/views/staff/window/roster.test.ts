import { describe, expect, it } from "vitest";
import { addDays, leaderLine, mondayOf, specialistsLine, weekOf, type Duty } from "./roster";

const duty = (over: Partial<Duty> = {}): Duty => ({
  date: "2026-11-30",
  half: "am",
  specialists: [{ username: "clerk", name: "张三" }, { name: "李四" }],
  leader: { name: "王五", title: "副主任", department: "区政务服务中心" },
  updated_by: "admin",
  updated_at: "2026-11-30T01:00:00Z",
  ...over,
});

describe("the roster's calendar", () => {
  it("moves across months and years", () => {
    expect(addDays("2026-11-30", 1)).toBe("2026-12-01");
    expect(addDays("2026-12-28", 7)).toBe("2027-01-04");
    expect(addDays("2027-01-04", -7)).toBe("2026-12-28");
  });

  it("starts a week on Monday, Sunday included in the week before", () => {
    expect(mondayOf("2026-11-30")).toBe("2026-11-30"); // a Monday
    expect(mondayOf("2026-12-06")).toBe("2026-11-30"); // the Sunday after
    expect(mondayOf("2026-12-03")).toBe("2026-11-30");
  });

  it("names the days of a week", () => {
    const week = weekOf("2026-11-30");
    expect(week).toHaveLength(7);
    expect(week[0]).toEqual({ date: "2026-11-30", label: "周一 11月30日" });
    expect(week[6]).toEqual({ date: "2026-12-06", label: "周日 12月6日" });
  });
});

describe("a half day's people", () => {
  it("lists the specialists and the leader with what they are", () => {
    expect(specialistsLine(duty())).toBe("张三、李四");
    expect(leaderLine(duty())).toBe("王五（副主任，区政务服务中心）");
    expect(leaderLine(duty({ leader: { name: "赵六", title: null, department: null } }))).toBe("赵六");
  });

  it("says nobody when the half day has no roster", () => {
    expect(specialistsLine(null)).toBe("—");
    expect(leaderLine(undefined)).toBe("—");
    expect(specialistsLine(duty({ specialists: [] }))).toBe("—");
  });
});
