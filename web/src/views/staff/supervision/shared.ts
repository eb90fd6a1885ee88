// What the supervisor's screens share: the answer-by state of an order, times typed as
// Asia/Shanghai wall-clock times, and where an API refusal belongs in a form.
import { ApiError } from "@/api/errors";
import { span } from "@/lib/countdown";
import { shanghaiDateTime } from "@/lib/time";

export interface AnswerBy {
  text: string;
  tone: "answered" | "waiting" | "late";
  state: string;
}

/** An order's state and the time left to answer it (or how late the answer is). */
export function answerBy(
  order: { respond_by: string; answered_at?: string | null },
  now: Date,
): AnswerBy {
  if (order.answered_at) {
    return { state: "已答复", text: `于 ${shanghaiDateTime(order.answered_at)} 答复`, tone: "answered" };
  }
  const left = new Date(order.respond_by).getTime() - now.getTime();
  return left > 0
    ? { state: "待答复", text: `剩余 ${span(left)}`, tone: "waiting" }
    : { state: "逾期未答复", text: `已超期 ${span(left)}`, tone: "late" };
}

/** "2026-11-30 18:00" typed in Asia/Shanghai as an ISO instant. */
export function shanghaiInstant(wallClock: string): string {
  return `${wallClock.replace(" ", "T")}:00+08:00`;
}

/** The wall-clock time in Asia/Shanghai `days` from now, for a form's first value. */
export function shanghaiFromNow(days: number, now: Date = new Date()): string {
  return shanghaiDateTime(new Date(now.getTime() + days * 86_400_000).toISOString());
}

/** Today's date in Asia/Shanghai plus `days`, as YYYY-MM-DD. */
export function shanghaiDateFromNow(days: number, now: Date = new Date()): string {
  return shanghaiFromNow(days, now).slice(0, 10);
}

/** The errors a service names by code rather than by field: which field they concern. */
const FIELD_OF_CODE: Record<string, string> = {
  respond_by_in_past: "respond_by",
  unknown_evidence: "evidence_event_ids",
  evidence_required: "evidence_event_ids",
  case_not_found: "case_id",
  too_few_departments: "departments",
  owner_not_at_meeting: "decisions",
  outcome_required: "outcome",
};

/** The API's message for a form field: from `fields`, or the whole message when the error's
 * code concerns that field. */
export function fieldProblem(problem: ApiError | null, field: string): string {
  if (!problem) return "";
  const own = problem.forField(field);
  if (own) return own;
  return FIELD_OF_CODE[problem.code] === field ? problem.message : "";
}

/** Whether the error is told next to a field (then the form's banner need not repeat it). */
export function toldAtAField(problem: ApiError | null, fields: readonly string[]): boolean {
  return !!problem && fields.some((field) => fieldProblem(problem, field) !== "");
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, {});
}
