import { describe, expect, it } from "vitest";
import { gapsText, hasKnowledge, hitRate, type KnowledgeFigures, onTheSpotRate } from "./figures";

const NONE: KnowledgeFigures = {
  window_answers: 0,
  window_answers_from_article: 0,
  knowledge_hit_rate: null,
  window_answer_rate: null,
  consultations_resolved_with_article: 0,
  consultations_resolved_without_article: 0,
  gaps_opened: 0,
  gaps_closed: 0,
  gaps_open: 0,
  answers_wrong: 0,
  counts: { consultations_screened: 0 },
};

describe("the knowledge figures of a unit", () => {
  it("show the hit rate and the on-the-spot rate with the counts they come from", () => {
    const row = {
      ...NONE,
      window_answers: 3,
      window_answers_from_article: 2,
      knowledge_hit_rate: 2 / 3,
      window_answer_rate: 0.75,
      counts: { consultations_screened: 4 },
    };
    expect(hitRate(row)).toBe("66.7%（2/3）");
    expect(onTheSpotRate(row)).toBe("75.0%（3/4）");
  });

  it("show a dash for a rate with nothing to count", () => {
    expect(hitRate(NONE)).toBe("—");
    expect(onTheSpotRate(NONE)).toBe("—");
  });

  it("name the gaps opened, closed and still open", () => {
    expect(gapsText({ ...NONE, gaps_opened: 2, gaps_closed: 1, gaps_open: 3 })).toBe("新增 2，关闭 1，期末 3");
  });

  it("are shown for a unit with any of them, gaps alone included", () => {
    expect(hasKnowledge(NONE)).toBe(false);
    expect(hasKnowledge({ ...NONE, gaps_open: 1 })).toBe(true);
    expect(hasKnowledge({ ...NONE, answers_wrong: 1 })).toBe(true);
    expect(hasKnowledge({ ...NONE, counts: { consultations_screened: 2 } })).toBe(true);
  });
});
