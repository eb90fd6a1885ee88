import { describe, expect, it } from "vitest";
import { type Reclassified, reclassifiedText } from "./dispatcherSteps";

const names: Record<string, string> = {
  streetlight: "路灯",
  "construction-project": "在建工程",
  "urban-management": "城市管理局",
  "housing-construction": "住房和城乡建设局",
};
const name = (code: string) => names[code] ?? code;

function outcome(overrides: Partial<Reclassified>): Reclassified {
  return {
    case_id: "20261130000001",
    state: "assigned",
    lead_department: "urban-management",
    co_handlers: [],
    round: 1,
    returns: 0,
    extensions_granted: 0,
    extension_days_granted: 0,
    pending_extension: null,
    missing_opinions: [],
    allowed_actions: ["reclassify"],
    category: "construction-project",
    previous_category: "streetlight",
    rule_lead: "housing-construction",
    lead_differs: true,
    ...overrides,
  };
}

describe("reclassifiedText", () => {
  it("offers the re-route when the new category's lead differs", () => {
    expect(reclassifiedText(outcome({}), name, name)).toBe(
      "已改类为「在建工程」（原为「路灯」）。新分类的主办单位为住房和城乡建设局，与当前主办单位不同：如需改派，请在承办单位退单后仲裁改派至住房和城乡建设局。",
    );
  });

  it("names the rule's lead when it is the same", () => {
    const same = outcome({ rule_lead: "urban-management", lead_differs: false });
    expect(reclassifiedText(same, name, name)).toBe("已改类为「在建工程」（原为「路灯」）；新分类的主办单位为城市管理局。");
  });

  it("says when the new category has no routing rule", () => {
    expect(reclassifiedText(outcome({ rule_lead: null, lead_differs: false }), name, name)).toContain("没有派单规则");
  });
});
