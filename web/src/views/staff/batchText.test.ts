import { describe, expect, it } from "vitest";
import { progressPercent } from "./batchText";

describe("progressPercent", () => {
  it("fills the first half while checking and the second while registering", () => {
    const base = { total_rows: 2000, checked_rows: 0, registered_rows: 0 };
    expect(progressPercent({ ...base, state: "checking", checked_rows: 1000 })).toBe(25);
    expect(progressPercent({ ...base, state: "importing", checked_rows: 2000, registered_rows: 1000 })).toBe(75);
    expect(progressPercent({ ...base, state: "checking" , total_rows: 0 })).toBe(0);
  });

  it("is full once the batch is done, whatever the outcome", () => {
    const base = { total_rows: 4, checked_rows: 4, registered_rows: 0 };
    expect(progressPercent({ ...base, state: "refused" })).toBe(100);
    expect(progressPercent({ ...base, state: "imported", registered_rows: 4 })).toBe(100);
  });
});
