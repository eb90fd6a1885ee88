// How a case waiting for the dispatcher is told in words: why it waits, how sure the
// classifier was of its category, who brought it, and a short excerpt of what it says.
import type { components } from "@/api/dispatch";
import { label } from "@/lib/labels";

type QueuedCase = components["schemas"]["QueuedCase"];
type Naming = (code: string | null | undefined) => string;

/** Why the case waits for a dispatcher, in Chinese, naming the departments. */
export function waitingReason(row: QueuedCase, departmentName: Naming): string {
  const back = row.pending_return;
  if (back) return `${departmentName(back.from_department)}退单待仲裁：${back.reason}`;
  const asked = row.pending_extension;
  if (asked) {
    return `${departmentName(asked.department)}申请延期 ${asked.working_days} 个工作日：${asked.reason}`;
  }
  return row.queued_reason ?? label("CaseState", row.state);
}

/** The classifier's confidence as a percentage; who chose the category otherwise. */
export function confidenceText(confidence: number | null, confirmed: boolean | null): string {
  if (confidence !== null && Number.isFinite(confidence)) return `置信度 ${Math.round(confidence * 100)}%`;
  return confirmed ? "人工选定" : "—";
}

const SUBMITTER_KIND: Record<string, string> = { person: "个人", enterprise: "企业" };

export function submitterKindText(kind: string | null): string {
  return kind ? (SUBMITTER_KIND[kind] ?? kind) : "—";
}

/** The first `length` characters of the text, with an ellipsis when cut. */
export function excerpt(text: string | null, length = 60): string {
  const flat = (text ?? "").replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length > length ? `${chars.slice(0, length).join("")}…` : flat;
}
