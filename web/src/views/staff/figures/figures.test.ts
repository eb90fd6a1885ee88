import { describe, expect, it } from "vitest";
import {
  defaultFrom,
  percent,
  percentValue,
  periodName,
  rateWithCounts,
  shanghaiToday,
  spanOf,
} from "./figures";

describe("the figures' words and numbers", () => {
  it("shows rates as percentages with one decimal, and none as a dash", () => {
    expect(percent(0.6667)).toBe("66.7%");
    expect(percent(1)).toBe("100.0%");
    expect(percent(0)).toBe("0.0%");
    expect(percent(null)).toBe("—");
    expect(rateWithCounts(0.75, 3, 4)).toBe("75.0%（3/4）");
    expect(rateWithCounts(null, 0, 0)).toBe("—");
    expect(percentValue(0.3333)).toBe(33.3);
    expect(percentValue(null)).toBeNull();
  });
  it("names the API's periods as people read them", () => {
    expect(periodName("2025-03")).toBe("2025年3月");
    expect(periodName("2025-W10")).toBe("2025年第10周");
    expect(periodName("2025-03-04")).toBe("2025年3月4日");
  });
  it("takes today in Asia/Shanghai, not in the browser's zone", () => {
    expect(shanghaiToday(new Date("2025-03-31T17:00:00Z"))).toBe("2025-04-01");
  });
});

describe("the span in the address", () => {
  it("starts six months, eight weeks or fourteen days back by default", () => {
    expect(defaultFrom("month", "2025-03-12")).toBe("2024-10-01");
    expect(defaultFrom("week", "2025-03-12")).toBe("2025-01-20"); // a Monday
    expect(defaultFrom("day", "2025-03-12")).toBe("2025-02-27");
  });
  it("reads the period and days asked for, and defaults what is missing or wrong", () => {
    expect(spanOf({ period: "week", from: "2025-03-01", to: "2025-03-31" }, "2026-01-01")).toEqual({
      period: "week",
      from: "2025-03-01",
      to: "2025-03-31",
    });
    expect(spanOf({ period: "year", from: "soon", to: "2025-03-12" }, "2026-01-01")).toEqual({
      period: "month",
      from: "2024-10-01",
      to: "2025-03-12",
    });
    expect(spanOf({ from: "2025-04-01", to: "2025-03-12" }, "2026-01-01").from).toBe("2024-10-01");
  });
});
