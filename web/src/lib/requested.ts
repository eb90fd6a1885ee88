// The submitter's requested completion date (期望办结日期): how it is written, which dates the
// pickers offer (after today, at most a year ahead, in Asia/Shanghai: intake's rule), and the
// warning deadline raises when the resolution limit falls after it.
import { shanghaiToday } from "./time";

/** intake's bound: REQUESTED_BY_MAX_DAYS in services/intake/src/intake/domain/submission.py */
export const REQUESTED_BY_MAX_DAYS = 366;
const DAY_MS = 86_400_000;

/** What a timer says about the requested date (deadline's Timer). */
export interface RequestedTimer {
  stage: string;
  due_at: string | null;
  requested_by?: string | null;
  later_than_requested?: boolean;
}

/** "期望办结：2026-12-18", or "" without a date. */
export function requestedText(requestedBy: string | null | undefined): string {
  return requestedBy ? `期望办结：${requestedBy}` : "";
}

/** The warning with both dates when deadline flags the resolution limit; "" otherwise. */
export function requestedWarning(
  timers: readonly RequestedTimer[],
  requestedBy: string | null | undefined,
): string {
  const late = timers.find((timer) => timer.later_than_requested && timer.due_at);
  if (!late?.due_at) return "";
  const asked = requestedBy ?? late.requested_by ?? "";
  return `政策时限晚于群众期望日期：办结时限 ${shanghaiToday(new Date(late.due_at))}，期望办结 ${asked}`;
}

/** The last date a picker offers: today (Asia/Shanghai) plus REQUESTED_BY_MAX_DAYS. */
export function latestRequestable(now: Date = new Date()): string {
  const today = shanghaiToday(now);
  const last = new Date(Date.parse(`${today}T00:00:00Z`) + REQUESTED_BY_MAX_DAYS * DAY_MS);
  return last.toISOString().slice(0, 10);
}

/** For the date pickers' disabled-date: a day (the picker's local midnight) intake would refuse. */
export function notRequestable(day: Date, now: Date = new Date()): boolean {
  const pad = (n: number) => String(n).padStart(2, "0");
  const iso = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  return iso <= shanghaiToday(now) || iso > latestRequestable(now);
}
