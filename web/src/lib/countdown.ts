// A time limit as a handler reads it: how long is left until it is due, and how urgent that
// is. The tone follows the policy's warning fractions (the share of the limit used up), and
// turns red once the limit has passed; a paused clock or one waiting for next year's calendar
// says so instead of counting.

export type Tone = "calm" | "warning" | "overdue" | "stopped";

/** What the countdown reads of one of deadline's timers. */
export interface TimerLike {
  state: string;
  paused: boolean;
  started_at: string;
  due_at: string | null;
  limit_working_minutes: number;
  extension_working_minutes: number;
  working_minutes_left: number | null;
}

export interface Countdown {
  text: string;
  tone: Tone;
  /** the index of the last warning fraction reached (-1: none) */
  level: number;
}

const MINUTE = 60_000;

/** "2天3小时"、"3小时05分"、"12分" for a span of milliseconds. */
export function span(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days}天${hours}小时`;
  if (hours > 0) return `${hours}小时${String(rest).padStart(2, "0")}分`;
  return `${rest}分`;
}

/** The share of the limit used up: from the working time left, as deadline counts it. */
function used(timer: TimerLike): number {
  const whole = timer.limit_working_minutes + timer.extension_working_minutes;
  if (whole <= 0 || timer.working_minutes_left === null) return 0;
  return 1 - timer.working_minutes_left / whole;
}

export function countdown(timer: TimerLike, warningFractions: readonly number[], now: Date): Countdown {
  if (timer.state === "stopped" || timer.state === "cancelled") {
    return { text: "已结束", tone: "stopped", level: -1 };
  }
  if (timer.paused || timer.state === "paused") return { text: "已暂停", tone: "stopped", level: -1 };
  if (timer.state === "parked" || !timer.due_at) {
    return { text: "待明年日历", tone: "stopped", level: -1 };
  }
  const left = new Date(timer.due_at).getTime() - now.getTime();
  if (left <= 0 || timer.state === "overdue") {
    return { text: `已超期 ${span(Math.min(left, 0))}`, tone: "overdue", level: warningFractions.length };
  }
  const share = used(timer);
  const level = [...warningFractions]
    .sort((a, b) => a - b)
    .reduce((reached, fraction, index) => (share >= fraction ? index : reached), -1);
  return { text: `剩余 ${span(left)}`, tone: level >= 0 ? "warning" : "calm", level };
}
