import { describe, expect, it } from "vitest";
import { ApiError, errorFrom, messageOf, UNREACHABLE } from "./errors";

describe("what the console says about a failed request", () => {
  it("shows the API's Chinese message as it is", () => {
    const error = errorFrom(429, {
      error: "too_many_attempts",
      message: "密码错误次数过多，该用户名已被锁定，请于 20:15 后再试",
    });
    expect(error.message).toBe("密码错误次数过多，该用户名已被锁定，请于 20:15 后再试");
    expect(error.code).toBe("too_many_attempts");
  });

  it("says it in Chinese when the API's message is not", () => {
    const error = errorFrom(404, { error: "case_not_found", message: "no case" });
    expect(error.message).toBe("未找到该受理编号，或查询码不正确");
    expect(errorFrom(502, "<html>Bad Gateway</html>").message).toBe("服务暂时不可用，请稍后再试");
    expect(errorFrom(413, {}).message).toBe("文件或内容过大");
  });

  it("puts each field's message next to that field, or next to a part of it", () => {
    const error = errorFrom(422, {
      error: "validation_failed",
      message: "the request has invalid fields",
      fields: [
        { field: "submitter.phone", message: "请填写正确的联系电话", type: "string_pattern_mismatch" },
        { field: "location", message: "Value error, give an address", type: "value_error" },
        { field: "title", message: "String should have at least 2 characters", type: "string_too_short" },
      ],
    });
    expect(error.forField("submitter.phone")).toBe("请填写正确的联系电话");
    expect(error.forField("location.address")).toBe("内容不正确");
    expect(error.forField("title")).toBe("内容太短");
    expect(error.forField("description")).toBeUndefined();
  });

  it("names an unreachable service, and anything thrown that is not an API error", () => {
    expect(new ApiError(0, {}).message).toBe(UNREACHABLE);
    expect(messageOf(new TypeError("Failed to fetch"))).toBe(UNREACHABLE);
  });
});
