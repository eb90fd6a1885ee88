// Which calendar years deadline knows, shared by the administrator's banner and the calendar
// screen (which refreshes it after loading a year).
import { ref } from "vue";
import { call, deadline } from "@/api/clients";
import { shanghaiToday } from "@/lib/time";

/** Next year in Asia/Shanghai, by the browser's clock. */
export function nextYear(now: Date = new Date()): number {
  return Number(shanghaiToday(now).slice(0, 4)) + 1;
}

export const knownYears = ref<number[] | null>(null);

export async function refreshKnownYears(): Promise<void> {
  const found = await call(deadline.GET("/api/v1/calendar"));
  knownYears.value = found.years.map((known) => known.year);
}
