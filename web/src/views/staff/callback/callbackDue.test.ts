import { describe, expect, it } from "vitest";
import { dueCountdown } from "./callbackDue";

const RESOLVED = "2026-11-30T00:00:00Z";
const DUE = "2026-11-30T10:00:00Z";

describe("a callback's due time in the queue", () => {
  it("is calm while little of the time between resolution and due time is used", () => {
    expect(dueCountdown(RESOLVED, DUE, [0.5, 0.75], new Date("2026-11-30T02:00:00Z"))).toEqual({
      text: "剩余 8小时00分",
      tone: "calm",
      level: -1,
    });
  });
  it("warns at each warning fraction used up", () => {
    const at = (iso: string) => dueCountdown(RESOLVED, DUE, [0.75, 0.5], new Date(iso));
    expect(at("2026-11-30T05:00:00Z")).toMatchObject({ tone: "warning", level: 0 });
    expect(at("2026-11-30T08:00:00Z")).toMatchObject({ text: "剩余 2小时00分", tone: "warning", level: 1 });
  });
  it("is overdue, in red, once the due time has passed", () => {
    expect(dueCountdown(RESOLVED, DUE, [0.5], new Date("2026-11-30T11:30:00Z"))).toEqual({
      text: "已超期 1小时30分",
      tone: "overdue",
      level: 1,
    });
  });
  it("says so while deadline has not told the due time", () => {
    expect(dueCountdown(RESOLVED, null, [0.5], new Date())).toMatchObject({ tone: "stopped", text: "回访时限待定" });
  });
});
