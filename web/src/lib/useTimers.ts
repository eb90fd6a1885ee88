// What a handler's screens share about time limits: the policy's warning fractions, a clock
// that ticks so countdowns stay live, and a case's timers (none when deadline has none for
// it, or none this caller may read).
import { onBeforeUnmount, onMounted, ref } from "vue";
import { call, deadline } from "@/api/clients";
import type { components } from "@/api/deadline";
import { ApiError } from "@/api/errors";

export type Timer = components["schemas"]["Timer"];

const TICK_MS = 15_000;

export function useClock() {
  const now = ref(new Date());
  let ticking: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    ticking = setInterval(() => {
      now.value = new Date();
    }, TICK_MS);
  });
  onBeforeUnmount(() => clearInterval(ticking));
  return now;
}

/** The warning fractions of the policy in force; the default ones if it cannot be read. */
export async function warningFractions(): Promise<number[]> {
  try {
    const policies = await call(deadline.GET("/api/v1/policies"));
    return policies.current.warning_fractions;
  } catch {
    return [0.5, 0.75];
  }
}

export async function timersOf(caseId: string): Promise<Timer[]> {
  try {
    const found = await call(
      deadline.GET("/api/v1/cases/{case_id}/timers", { params: { path: { case_id: caseId } } }),
    );
    return found.timers;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
}

/** The timers of many cases in one request (a page of a list): case id -> its timers; a case
 * deadline has none for, or this caller may not read, is absent. */
export async function timersOfCases(caseIds: readonly string[]): Promise<Map<string, Timer[]>> {
  if (!caseIds.length) return new Map();
  const found = await call(deadline.GET("/api/v1/timers", { params: { query: { case_id: [...caseIds] } } }));
  return new Map(found.cases.map((one) => [one.case_id, one.timers]));
}
