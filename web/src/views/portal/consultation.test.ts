import { describe, expect, it } from "vitest";
import { consultationLink, draftFrom, TITLE_LIMIT, titleOf } from "./consultation";

describe("a consultation filed from a search", () => {
  it("leads to the submission form with the words searched for", () => {
    expect(consultationLink("  孩子上学要哪些材料 ")).toEqual({
      name: "submit",
      query: { kind: "consultation", q: "孩子上学要哪些材料" },
    });
  });

  it("starts the form as a consultation with the words as title and description", () => {
    expect(draftFrom({ kind: "consultation", q: "新生儿怎么办医保？要带什么材料" })).toEqual({
      kind: "consultation",
      title: "新生儿怎么办医保？",
      description: "新生儿怎么办医保？要带什么材料",
    });
  });

  it("keeps a blank form without both a consultation and words", () => {
    expect(draftFrom({})).toBeNull();
    expect(draftFrom({ kind: "consultation", q: "  " })).toBeNull();
    expect(draftFrom({ kind: "complaint", q: "噪音" })).toBeNull();
    expect(draftFrom({ kind: "consultation", q: ["a", "b"] })).toBeNull();
  });

  it("cuts a long question's title to the form's limit", () => {
    expect(titleOf("问".repeat(300))).toHaveLength(TITLE_LIMIT);
    expect(titleOf("第一行\n  第二行")).toBe("第一行 第二行");
  });
});
