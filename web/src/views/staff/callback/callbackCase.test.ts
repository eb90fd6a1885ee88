import { describe, expect, it } from "vitest";
import { aftermathOf, type Handling, type Task } from "./callbackCase";

function task(overrides: Partial<Task>): Task {
  return {
    case_id: "A1",
    round: 1,
    title: "路灯不亮",
    department: "urban-management",
    source: "resolution",
    category: null,
    result: "solved",
    summary: "已修复",
    resolved_at: "2026-11-30T00:00:00Z",
    due_at: null,
    state: "completed",
    failed_attempts: 0,
    satisfaction: "dissatisfied",
    solved: false,
    comment: null,
    agent: "callback_agent:li",
    completed_at: "2026-11-30T02:00:00Z",
    attempts: [],
    ...overrides,
  };
}

const handling = (state: string, round: number) => ({ state, round }) as unknown as Handling;

describe("what followed a callback, as dispatch has it", () => {
  it("is nothing while the callback is open, or for a matter settled at the window", () => {
    expect(aftermathOf(task({ state: "open" }), handling("resolved", 1))).toBeNull();
    expect(aftermathOf(task({ source: "on_the_spot" }), null)).toBeNull();
  });
  it("waits until dispatch has acted", () => {
    expect(aftermathOf(task({}), handling("resolved", 1))?.kind).toBe("waiting");
    expect(aftermathOf(task({}), null)?.kind).toBe("waiting");
  });
  it("tells a reopened case by its next round, a closed or referred one by its state", () => {
    expect(aftermathOf(task({}), handling("assigned", 2))).toEqual({
      kind: "reopened",
      text: "诉求已根据回访结果重新交办，进入第 2 轮办理",
    });
    expect(aftermathOf(task({ satisfaction: "satisfied", solved: true }), handling("closed", 1))?.kind).toBe("closed");
    expect(aftermathOf(task({ round: 3 }), handling("under_supervision", 3))?.kind).toBe("supervision");
  });
});
