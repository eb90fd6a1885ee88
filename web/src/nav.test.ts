import { describe, expect, it } from "vitest";
import { navFor } from "./nav";

const screens = [
  { name: "staff-home", meta: { nav: "工作台" } },
  { name: "screening", meta: { nav: "甄别", roles: ["clerk"] as const } },
  { name: "routing", meta: { nav: "派单", roles: ["dispatcher", "admin"] as const } },
  { name: "detail", meta: { title: "案件详情" } },
  { name: "review", meta: { nav: "知识审核", roles: ["handler", "admin"] as const, reviewer: true } },
];

describe("the staff navigation", () => {
  it("lists only the screens a role may use", () => {
    expect(navFor("clerk", screens).map((entry) => entry.label)).toEqual(["工作台", "甄别"]);
    expect(navFor("admin", screens).map((entry) => entry.label)).toEqual(["工作台", "派单", "知识审核"]);
  });
  it("leaves out screens that are not in the navigation", () => {
    expect(navFor("handler", screens)).toEqual([{ name: "staff-home", label: "工作台" }]);
  });
  it("lists a reviewer's screen only for the department's knowledge-base reviewer", () => {
    expect(navFor("handler", screens, true).map((entry) => entry.label)).toEqual(["工作台", "知识审核"]);
  });
});
