import { describe, expect, it } from "vitest";
import { parseDayLines, parseSchedule, ScheduleTextError } from "./calendarText";

describe("parseSchedule", () => {
  it("reads the YAML of a calendar file", () => {
    const parsed = parseSchedule(
      [
        "year: 2031",
        "source: 国务院办公厅关于2031年部分节假日安排的通知",
        "holidays:          # 放假",
        "  2031-01-01: 元旦",
        "  '2031-10-01': 国庆节",
        "make_up_workdays:  # 调休上班",
        '  2031-02-08: "春节调休"',
      ].join("\n"),
    );
    expect(parsed).toEqual({
      year: 2031,
      source: "国务院办公厅关于2031年部分节假日安排的通知",
      holidays: { "2031-01-01": "元旦", "2031-10-01": "国庆节" },
      make_up_workdays: { "2031-02-08": "春节调休" },
    });
  });

  it("reads the API's JSON", () => {
    const parsed = parseSchedule('{"source": "通知", "holidays": {"2031-01-01": "元旦"}}');
    expect(parsed).toEqual({ year: null, source: "通知", holidays: { "2031-01-01": "元旦" }, make_up_workdays: {} });
  });

  it("says in Chinese what it cannot read", () => {
    expect(() => parseSchedule("")).toThrow(ScheduleTextError);
    expect(() => parseSchedule("{oops")).toThrow("不是有效的 JSON");
    expect(() => parseSchedule("  2031-01-01: 元旦")).toThrow("第 1 行不属于");
    expect(() => parseSchedule("colour: red")).toThrow("不认识的项 colour");
    expect(() => parseSchedule('{"holidays": ["2031-01-01"]}')).toThrow("holidays");
  });
});

describe("parseDayLines", () => {
  it("reads one date and name a line", () => {
    expect(parseDayLines("2031-01-01 元旦\n\n2031-01-02：元旦\n2031-01-03", "holidays")).toEqual({
      "2031-01-01": "元旦",
      "2031-01-02": "元旦",
      "2031-01-03": "",
    });
  });

  it("names the line it cannot read", () => {
    expect(() => parseDayLines("2031-01-01 元旦\n1月2日 元旦", "holidays")).toThrow("第 2 行");
    const caught = (() => {
      try {
        parseDayLines("1月2日", "make_up_workdays");
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(caught).toBeInstanceOf(ScheduleTextError);
    expect((caught as ScheduleTextError).field).toBe("make_up_workdays");
  });
});
