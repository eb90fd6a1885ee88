import { describe, expect, it } from "vitest";
import { ApiError } from "@/api/errors";
import { FormProblem, messageUnder } from "./problems";

describe("FormProblem", () => {
  const invalid = new ApiError(422, {
    error: "validation_failed",
    message: "提交的内容有误",
    fields: [{ field: "path.code", message: "代码的格式不正确", type: "string_pattern_mismatch" }],
  });
  const ruleBroken = new ApiError(422, {
    error: "lead_is_co_handler",
    message: "water 不能既是主办单位又是协办单位",
  });

  it("shows a field's own message next to it, and nothing more above the form", () => {
    const problem = new FormProblem(invalid);
    expect(problem.at("path.code")).toBe("代码的格式不正确");
    expect(problem.at("name")).toBe("");
    expect(problem.general(["name", "path.code"])).toBe("");
  });

  it("puts an organisation rule's message at the field it concerns, with names for codes", () => {
    const problem = new FormProblem(ruleBroken, { lead_is_co_handler: "co_handlers" }, (text) =>
      text.replace("water", "水务站"),
    );
    expect(problem.at("co_handlers")).toBe("水务站 不能既是主办单位又是协办单位");
    expect(problem.at("lead")).toBe("");
    expect(problem.general(["lead", "co_handlers"])).toBe("");
    // a form without that field shows the message above it
    expect(new FormProblem(ruleBroken).general(["lead"])).toBe("water 不能既是主办单位又是协办单位");
  });

  it("finds the first message under a field with keys of its own", () => {
    const days = new ApiError(422, {
      error: "validation_failed",
      fields: [{ field: "holidays.2075-13-01.[key]", message: "日期必须是日期，如 2026-04-12" }],
    });
    expect(messageUnder(days, "holidays")).toBe("日期必须是日期，如 2026-04-12");
    expect(messageUnder(days, "make_up_workdays")).toBe("");
    expect(messageUnder(new Error("x"), "holidays")).toBe("");
  });
});
