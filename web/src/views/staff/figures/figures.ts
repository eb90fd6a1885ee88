// What the figures screens share: the period a screen shows (kept in the address, so that a
// view can be shared and reloaded), rates as percentages, and periods as people read them.
import type { LocationQuery } from "vue-router";

export type Period = "day" | "week" | "month";

export const PERIODS: { value: Period; label: string }[] = [
  { value: "month", label: "按月" },
  { value: "week", label: "按周" },
  { value: "day", label: "按日" },
];

/** A period kind and the days it covers (YYYY-MM-DD, both included, Asia/Shanghai). */
export interface Span {
  period: Period;
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export { shanghaiToday } from "@/lib/time";

function shifted(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Where a span of the kind starts by default: six months, eight weeks or fourteen days
 * back to `today`, each from its first day. */
export function defaultFrom(period: Period, today: string): string {
  if (period === "day") return shifted(today, -13);
  if (period === "week") {
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    return shifted(today, -weekday - 7 * 7);
  }
  const [year, month] = today.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 1 - 5, 1));
  return first.toISOString().slice(0, 10);
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** The span the address asks for, with defaults for what it leaves out or gets wrong. */
export function spanOf(query: LocationQuery, today: string): Span {
  const asked = text(query.period);
  const period: Period = PERIODS.some((p) => p.value === asked) ? (asked as Period) : "month";
  const from = text(query.from);
  const to = text(query.to);
  const end = to && ISO_DATE.test(to) ? to : today;
  const start = from && ISO_DATE.test(from) && from <= end ? from : defaultFrom(period, end);
  return { period, from: start, to: end };
}

/** A rate (0..1) as a percentage with one decimal: 0.6667 -> "66.7%"; none -> "—". */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "—";
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** A rate with the counts it comes from: "75.0%（3/4）". */
export function rateWithCounts(rate: number | null | undefined, part: number, whole: number): string {
  return whole ? `${percent(rate)}（${part}/${whole}）` : "—";
}

/** A rate as a chart value in percent (one decimal), or null (a gap) when there is none. */
export function percentValue(rate: number | null | undefined): number | null {
  return rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;
}

/** A period key of the API as people read it: 2025年3月, 2025年第10周, 2025年3月4日. */
export function periodName(key: string): string {
  const week = /^(\d{4})-W(\d{2})$/.exec(key);
  if (week) return `${week[1]}年第${Number(week[2])}周`;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (day) return `${day[1]}年${Number(day[2])}月${Number(day[3])}日`;
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) return `${month[1]}年${Number(month[2])}月`;
  return key;
}

/** The period's words in a file name: 按月 -> 月. */
export function periodWord(period: Period): string {
  return { day: "日", week: "周", month: "月" }[period];
}

/** What the knowledge figures read of a scorecard or ranking row (docs/scorecards.md). */
export interface KnowledgeFigures {
  window_answers: number;
  window_answers_from_article: number;
  knowledge_hit_rate?: number | null;
  window_answer_rate?: number | null;
  consultations_resolved_with_article: number;
  consultations_resolved_without_article: number;
  gaps_opened: number;
  gaps_closed: number;
  gaps_open: number;
  answers_wrong: number;
  counts: { consultations_screened: number };
}

/** Whether a row has anything of the knowledge base to show. */
export function hasKnowledge(row: KnowledgeFigures): boolean {
  return (
    row.window_answers +
      row.counts.consultations_screened +
      row.consultations_resolved_with_article +
      row.consultations_resolved_without_article +
      row.gaps_opened +
      row.gaps_closed +
      row.gaps_open +
      row.answers_wrong >
    0
  );
}

/** 知识库命中率 with its counts: "66.7%（2/3）". */
export function hitRate(row: KnowledgeFigures): string {
  return rateWithCounts(row.knowledge_hit_rate, row.window_answers_from_article, row.window_answers);
}

/** 当场解答率 with its counts: window answers of the consultations screened. */
export function onTheSpotRate(row: KnowledgeFigures): string {
  return rateWithCounts(row.window_answer_rate, row.window_answers, row.counts.consultations_screened);
}

/** 知识缺口 of a period: "新增 2，关闭 1，期末 3". */
export function gapsText(row: KnowledgeFigures): string {
  return `新增 ${row.gaps_opened}，关闭 ${row.gaps_closed}，期末 ${row.gaps_open}`;
}
