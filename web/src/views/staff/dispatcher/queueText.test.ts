import { describe, expect, it } from "vitest";
import type { components } from "@/api/dispatch";
import { confidenceText, excerpt, submitterKindText, waitingReason } from "./queueText";

type QueuedCase = components["schemas"]["QueuedCase"];

const names: Record<string, string> = { "urban-management": "城市管理局" };
const name = (code: string | null | undefined) => (code ? (names[code] ?? code) : "—");

function queued(overrides: Partial<QueuedCase>): QueuedCase {
  return {
    case_id: "20261129000001",
    category: "other",
    kind: "could_not_get_it_done",
    state: "awaiting_dispatch",
    lead_department: null,
    co_handlers: [],
    round: 1,
    returns: 0,
    extensions_granted: 0,
    extension_days_granted: 0,
    pending_extension: null,
    queued_reason_code: "no_routing_rule",
    queued_reason: "分类“其他（人工分派）”没有交办规则，请派单员指定承办单位",
    title: "路灯不亮",
    description: "路灯不亮",
    submitter_kind: "person",
    classification_confidence: null,
    category_confirmed: true,
    created_at: "2026-11-29T01:00:00Z",
    updated_at: "2026-11-29T01:00:00Z",
    transfers: 0,
    pending_return: null,
    ...overrides,
  };
}

describe("waitingReason", () => {
  it("gives dispatch's reason for a case no rule routed", () => {
    expect(waitingReason(queued({}), name)).toBe("分类“其他（人工分派）”没有交办规则，请派单员指定承办单位");
  });

  it("names the returning department and its reason", () => {
    const back = {
      from_department: "urban-management",
      reason: "不属于本单位职责",
      returned_by: "handler:um-handler",
      returned_at: "2026-11-29T02:00:00Z",
    };
    const row = queued({ state: "returned", queued_reason: null, pending_return: back });
    expect(waitingReason(row, name)).toBe("城市管理局退单待仲裁：不属于本单位职责");
  });

  it("names the department asking for more working days", () => {
    const asked = { department: "urban-management", working_days: 3, reason: "需协调供电公司" };
    const row = queued({ state: "signed", queued_reason: null, pending_extension: asked });
    expect(waitingReason(row, name)).toBe("城市管理局申请延期 3 个工作日：需协调供电公司");
  });
});

describe("confidenceText", () => {
  it("shows the classifier's confidence as a percentage", () => {
    expect(confidenceText(0.416, false)).toBe("置信度 42%");
  });

  it("says a person chose the category when there is no confidence", () => {
    expect(confidenceText(null, true)).toBe("人工选定");
    expect(confidenceText(null, null)).toBe("—");
  });
});

describe("submitterKindText and excerpt", () => {
  it("names the submitter's kind", () => {
    expect(submitterKindText("person")).toBe("个人");
    expect(submitterKindText("enterprise")).toBe("企业");
    expect(submitterKindText(null)).toBe("—");
  });

  it("cuts long text at a character count, with an ellipsis", () => {
    expect(excerpt("一二三四五", 3)).toBe("一二三…");
    expect(excerpt(" 短\n文 ", 3)).toBe("短 文");
    expect(excerpt(null)).toBe("");
  });
});
