import { describe, expect, it } from "vitest";
import { latestRequestable, notRequestable, requestedText, requestedWarning } from "./requested";

// 2026-11-30 10:00 in Asia/Shanghai
const NOW = new Date("2026-11-30T02:00:00Z");

describe("the requested completion date", () => {
  it("is written with its label, and not at all without a date", () => {
    expect(requestedText("2026-12-18")).toBe("期望办结：2026-12-18");
    expect(requestedText(null)).toBe("");
  });

  it("warns with both dates when deadline flags the resolution limit", () => {
    const timers = [
      { stage: "sign", due_at: "2026-12-01T02:00:00Z", later_than_requested: false },
      // 17:00 UTC on the 22nd is the 23rd in Asia/Shanghai
      { stage: "resolution", due_at: "2026-12-22T17:00:00Z", requested_by: "2026-12-18", later_than_requested: true },
    ];
    expect(requestedWarning(timers, "2026-12-18")).toBe(
      "政策时限晚于群众期望日期：办结时限 2026-12-23，期望办结 2026-12-18",
    );
    expect(requestedWarning(timers, null)).toContain("期望办结 2026-12-18");
  });

  it("says nothing when no timer is flagged", () => {
    const met = [{ stage: "resolution", due_at: "2026-12-10T02:00:00Z", later_than_requested: false }];
    expect(requestedWarning(met, "2026-12-18")).toBe("");
    expect(requestedWarning([], "2026-12-18")).toBe("");
  });

  it("offers the days after today up to a year ahead, as intake takes them", () => {
    expect(latestRequestable(NOW)).toBe("2027-12-01");
    expect(notRequestable(new Date(2026, 10, 30), NOW)).toBe(true); // today
    expect(notRequestable(new Date(2026, 11, 1), NOW)).toBe(false);
    expect(notRequestable(new Date(2027, 11, 1), NOW)).toBe(false);
    expect(notRequestable(new Date(2027, 11, 2), NOW)).toBe(true);
  });
});
