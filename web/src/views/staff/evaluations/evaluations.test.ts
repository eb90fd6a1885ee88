import { describe, expect, it } from "vitest";
import {
  belowThreshold,
  creditCodeProblem,
  dispositionLine,
  evaluationText,
  invitationUrl,
  kindLabel,
  type LedgerFigures,
  progressLine,
  rankText,
  rectifiedRate,
  scoreText,
  weightsProblem,
} from "./evaluations";

const GAOYOU: LedgerFigures = {
  collected: 41,
  by_disposition: [
    { code: "fixed_at_once", name: "立行立改", count: 31 },
    { code: "special_study", name: "列入专项研究", count: 2 },
    { code: "key_supervision", name: "重点督办", count: 8 },
  ],
  undecided: 0,
  rectified: 30,
  rectified_on_time: 28,
  overdue: 3,
  open: 11,
};

describe("a ledger's figures as people read them", () => {
  it("reads like Gaoyou's report", () => {
    expect(dispositionLine(GAOYOU)).toBe("41 件：立行立改 31 / 列入专项研究 2 / 重点督办 8");
  });
  it("tells the entries not yet decided", () => {
    const some = { ...GAOYOU, collected: 43, undecided: 2 };
    expect(dispositionLine(some)).toBe("43 件：立行立改 31 / 列入专项研究 2 / 重点督办 8 / 待定 2");
  });
  it("an empty ledger has just its count", () => {
    expect(dispositionLine({ ...GAOYOU, collected: 0, by_disposition: [] })).toBe("0 件");
  });
  it("progress and the rectified share", () => {
    expect(progressLine(GAOYOU)).toBe("已整改 30 件（按期 28 件），逾期 3 件，未整改 11 件");
    expect(rectifiedRate(GAOYOU)).toBe("73.2%");
    expect(rectifiedRate({ ...GAOYOU, collected: 0, rectified: 0 })).toBe("—");
  });
});

describe("a campaign's scores", () => {
  it("shows a score with one decimal and none as a dash", () => {
    expect(scoreText(87.456)).toBe("87.5");
    expect(scoreText(100)).toBe("100.0");
    expect(scoreText(null)).toBe("—");
    expect(scoreText(undefined)).toBe("—");
  });
  it("ranks only with the minimum sample", () => {
    expect(rankText({ rank: 2, responses: 30 }, 30)).toBe("第 2 名");
    expect(rankText({ rank: 2, responses: 29 }, 30)).toBe("样本不足");
    expect(rankText({ rank: null, responses: 3 }, 1)).toBe("样本不足");
  });
  it("is below the threshold only when ranked", () => {
    expect(belowThreshold({ overall: 59.9, responses: 5 }, 5, 60)).toBe(true);
    expect(belowThreshold({ overall: 60, responses: 5 }, 5, 60)).toBe(false);
    expect(belowThreshold({ overall: 10, responses: 4 }, 5, 60)).toBe(false);
    expect(belowThreshold({ overall: null, responses: 9 }, 5, 60)).toBe(false);
  });
  it("takes weights summing to 100%", () => {
    expect(weightsProblem(40, 60)).toBe("");
    expect(weightsProblem(50, 60)).toBe("负面清单与满意度的权重之和须为 100%，现为 110%");
  });
});

describe("an enterprise's credit code, checked as the API checks it", () => {
  it("accepts a code whose check character fits, typed in any case with spaces", () => {
    expect(creditCodeProblem("91350100M000100Y43")).toBe("");
    expect(creditCodeProblem(" 91350100m000100y43 ")).toBe("");
  });
  it("names what is wrong", () => {
    expect(creditCodeProblem("")).toBe("请填写统一社会信用代码");
    expect(creditCodeProblem("91350100M000100Y4")).toBe("统一社会信用代码为 18 位，已输入 17 位");
    expect(creditCodeProblem("91350100M000100Y44")).toBe("统一社会信用代码校验位不符，请核对");
  });
});

describe("a campaign's words and links", () => {
  it("names the kinds in Chinese", () => {
    expect(kindLabel("grassroots_rate_agencies")).toBe("基层评机关");
    expect(kindLabel("enterprises_rate_government")).toBe("企业评政府");
  });
  it("gives an invitation link on the portal's own page", () => {
    expect(invitationUrl("/portal/campaigns/c-1?code=AB12CD", "https://x.example")).toBe(
      "https://x.example/campaigns/c-1?code=AB12CD",
    );
    expect(invitationUrl("/campaigns/c-1?code=Q", "")).toBe("/campaigns/c-1?code=Q");
  });
});

describe("evaluationText", () => {
  const base = { kind: "grassroots_rate_agencies", title: "2026 年基层评机关", responses: 31 };

  it("gives the score, the rank and the responses of a ranked unit", () => {
    const ranked = { ...base, overall: 82.46, rank: 2, ranked: true, summoned: false };
    expect(evaluationText(ranked)).toBe("82.5 分 · 第 2 名（31 份）");
  });

  it("says 约谈 for a unit summoned for a talk", () => {
    const low = { ...base, overall: 58, rank: 9, ranked: true, summoned: true };
    expect(evaluationText(low)).toBe("58.0 分 · 第 9 名（31 份） · 约谈");
  });

  it("says 样本不足 for a unit below the minimum sample, and — for none", () => {
    const few = { ...base, responses: 3, overall: 90, rank: null, ranked: false, summoned: false };
    expect(evaluationText(few)).toBe("样本不足（3 份）");
    expect(evaluationText(undefined)).toBe("—");
  });
});
