import { describe, expect, it } from "vitest";
import { chineseDate, shanghaiDateTime } from "./time";

describe("times a person reads", () => {
  it("shows an instant in Asia/Shanghai, eight hours ahead of UTC", () => {
    expect(shanghaiDateTime("2026-11-21T16:05:15.910874Z")).toBe("2026-11-22 00:05");
    expect(shanghaiDateTime("2026-11-21T12:05:00+00:00")).toBe("2026-11-21 20:05");
  });
  it("shows a dash for no time or a broken one", () => {
    expect(shanghaiDateTime(null)).toBe("—");
    expect(shanghaiDateTime("not a time")).toBe("—");
  });
  it("writes a calendar date the Chinese way", () => {
    expect(chineseDate("2030-04-14")).toBe("2030年4月14日");
    expect(chineseDate("14/04/2030")).toBe("—");
  });
});
