import { describe, expect, it } from "vitest";
import { countdown, span, type TimerLike } from "./countdown";

const NOW = new Date("2026-11-30T02:00:00Z");

function timer(overrides: Partial<TimerLike>): TimerLike {
  return {
    state: "running",
    paused: false,
    started_at: "2026-11-30T00:00:00Z",
    due_at: "2026-11-30T06:00:00Z",
    limit_working_minutes: 480,
    extension_working_minutes: 0,
    working_minutes_left: 400,
    ...overrides,
  };
}

describe("a time limit's countdown", () => {
  it("writes spans in days, hours and minutes", () => {
    expect(span(12 * 60_000)).toBe("12分");
    expect(span((3 * 60 + 5) * 60_000)).toBe("3小时05分");
    expect(span((2 * 1440 + 3 * 60) * 60_000)).toBe("2天3小时");
  });
  it("is calm before the first warning fraction", () => {
    expect(countdown(timer({}), [0.5, 0.75], NOW)).toEqual({ text: "剩余 4小时00分", tone: "calm", level: -1 });
  });
  it("warns at each warning fraction of the limit used up, extensions included", () => {
    expect(countdown(timer({ working_minutes_left: 240 }), [0.5, 0.75], NOW).level).toBe(0);
    expect(countdown(timer({ working_minutes_left: 100 }), [0.75, 0.5], NOW)).toMatchObject({
      tone: "warning",
      level: 1,
    });
    const extended = timer({ working_minutes_left: 400, extension_working_minutes: 480 });
    expect(countdown(extended, [0.5], NOW).tone).toBe("warning");
  });
  it("is red once the limit has passed", () => {
    const late = timer({ due_at: "2026-11-30T01:30:00Z", working_minutes_left: 0 });
    expect(countdown(late, [0.5], NOW)).toMatchObject({ text: "已超期 30分", tone: "overdue" });
    expect(countdown(timer({ state: "overdue" }), [0.5], NOW).tone).toBe("overdue");
  });
  it("says a paused clock is paused and a parked one waits for next year's calendar", () => {
    expect(countdown(timer({ paused: true, due_at: null }), [0.5], NOW).text).toBe("已暂停");
    expect(countdown(timer({ state: "parked", due_at: null }), [0.5], NOW).text).toBe("待明年日历");
    expect(countdown(timer({ state: "stopped" }), [0.5], NOW).text).toBe("已结束");
  });
});
