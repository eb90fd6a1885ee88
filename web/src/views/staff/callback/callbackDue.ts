// When a callback is due, as the agents' queue reads it: the time left, and how urgent that
// is. The queue has each task's resolution time and due time, not deadline's timer, so the
// share of the limit used up is counted on the clock between the two; past the due time it
// is overdue, as on the handler's screens.
import { type Countdown, span } from "@/lib/countdown";

/** The labels of callback's task states (the service's own words, not a shared vocabulary). */
export const TASK_STATES = {
  open: "待回访",
  completed: "已回访",
  unreachable: "无法回访",
} as const;

export type TaskState = keyof typeof TASK_STATES;

export function dueCountdown(
  resolvedAt: string,
  dueAt: string | null | undefined,
  warningFractions: readonly number[],
  now: Date,
): Countdown {
  if (!dueAt) return { text: "回访时限待定", tone: "stopped", level: -1 };
  const due = new Date(dueAt).getTime();
  const start = new Date(resolvedAt).getTime();
  const left = due - now.getTime();
  if (left <= 0) {
    return { text: `已超期 ${span(left)}`, tone: "overdue", level: warningFractions.length };
  }
  const whole = due - start;
  const share = whole > 0 ? (now.getTime() - start) / whole : 0;
  const level = [...warningFractions]
    .sort((a, b) => a - b)
    .reduce((reached, fraction, index) => (share >= fraction ? index : reached), -1);
  return { text: `剩余 ${span(left)}`, tone: level >= 0 ? "warning" : "calm", level };
}
