// The duty roster's calendar, with no I/O: weeks of Asia/Shanghai dates (YYYY-MM-DD, no
// zone), the two half days, and a half day's people as one line.
import type { components } from "@/api/intake";

export type Duty = components["schemas"]["Duty"];
export type Half = components["schemas"]["Half"];

export const HALVES: { value: Half; label: string }[] = [
  { value: "am", label: "上午" },
  { value: "pm", label: "下午" },
];
const WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

function asUtc(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

/** A calendar date moved by whole days: ("2026-11-30", 7) -> "2026-12-07". */
export function addDays(isoDate: string, days: number): string {
  const moved = asUtc(isoDate);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/** The Monday of the week a date falls in. */
export function mondayOf(isoDate: string): string {
  const weekday = (asUtc(isoDate).getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  return addDays(isoDate, -weekday);
}

/** The seven days of the week starting on `monday`, as the roster's columns name them. */
export function weekOf(monday: string): { date: string; label: string }[] {
  return WEEKDAYS.map((weekday, index) => {
    const date = addDays(monday, index);
    return { date, label: `${weekday} ${Number(date.slice(5, 7))}月${Number(date.slice(8))}日` };
  });
}

export function halfLabel(half: Half): string {
  return half === "am" ? "上午" : "下午";
}

/** The specialists of a half day, "张三、李四"; "—" when none. */
export function specialistsLine(duty: Duty | null | undefined): string {
  const names = duty?.specialists.map((specialist) => specialist.name) ?? [];
  return names.length ? names.join("、") : "—";
}

/** The leader on duty as people address them: "王五（副主任，区政务服务中心）". */
export function leaderLine(duty: Duty | null | undefined): string {
  if (!duty) return "—";
  const about = [duty.leader.title, duty.leader.department].filter(Boolean).join("，");
  return about ? `${duty.leader.name}（${about}）` : duty.leader.name;
}

/** The key a half day is found under. */
export function slotKey(date: string, half: Half): string {
  return `${date}/${half}`;
}
