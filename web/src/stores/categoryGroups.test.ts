import { describe, expect, it } from "vitest";
import { groupByDomain, leafLabel } from "./categoryGroups";

describe("groupByDomain", () => {
  it("groups leaves under their domain in catalogue order, the loose ones last", () => {
    const groups = groupByDomain([
      { code: "wage-arrears", name: "拖欠工资", domain: "labour", domain_name: "劳动和社会保障" },
      { code: "water-cut", name: "停水", domain: "utilities", domain_name: "水电气暖与通信" },
      { code: "pension", name: "养老保险", domain: "labour", domain_name: "劳动和社会保障" },
      { code: "other", name: "其他（人工分派）", domain: null, domain_name: null },
    ]);
    expect(groups.map((g) => [g.label, g.leaves.map((l) => l.code)])).toEqual([
      ["劳动和社会保障", ["wage-arrears", "pension"]],
      ["水电气暖与通信", ["water-cut"]],
      ["其他", ["other"]],
    ]);
  });

  it("keeps a flat catalogue as one unlabelled group", () => {
    const groups = groupByDomain([
      { code: "streetlight", name: "路灯照明" },
      { code: "other", name: "其他" },
    ]);
    expect(groups).toEqual([{ label: "", leaves: [{ code: "streetlight", name: "路灯照明" }, { code: "other", name: "其他" }] }]);
  });

  it("labels an item with its category", () => {
    expect(leafLabel({ code: "water-cut", name: "停水", group_name: "供水" })).toBe("停水（供水）");
    expect(leafLabel({ code: "streetlight", name: "路灯照明" })).toBe("路灯照明");
  });
});
