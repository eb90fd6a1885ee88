import { describe, expect, it } from "vitest";
import { diffRules, limitText } from "./policyDiff";

describe("diffRules", () => {
  const sign = { stage: "sign", working_hours: 4 };
  const resolution = { stage: "resolution", working_days: 15 };
  const complaint = { stage: "resolution", kind: "complaint", working_days: 10 };

  it("lists added, changed and removed rules, by stage, kind and category", () => {
    const changes = diffRules([sign, resolution, complaint], [{ ...sign, working_hours: 2 }, resolution, { stage: "callback", working_days: 5 }]);
    expect(changes.map((c) => [c.key, c.change, limitText(c.before), limitText(c.after)])).toEqual([
      ["sign|*|*", "changed", "4 个工作小时", "2 个工作小时"],
      ["callback|*|*", "added", "—", "5 个工作日"],
      ["resolution|complaint|*", "removed", "10 个工作日", "—"],
    ]);
  });

  it("finds nothing between equal tables, and a limit moved from hours to days is a change", () => {
    expect(diffRules([sign, resolution], [resolution, sign])).toEqual([]);
    expect(diffRules([sign], [{ stage: "sign", working_days: 1 }])).toHaveLength(1);
  });
});
