// Words and figures of the batch import screens.

export const SOURCES = [
  { value: "symposium", label: "座谈会" },
  { value: "visits", label: "大走访" },
  { value: "petition_referral", label: "信访转来" },
  { value: "other", label: "其他" },
] as const;

interface Progress {
  state: string;
  total_rows: number;
  checked_rows: number;
  registered_rows: number;
}

/** Checking is the first half of the bar, registering the second; a finished batch is full. */
export function progressPercent(batch: Progress): number {
  if (batch.state !== "checking" && batch.state !== "importing") return 100;
  if (batch.total_rows === 0) return 0;
  const checked = Math.min(batch.checked_rows, batch.total_rows) / batch.total_rows;
  const registered = Math.min(batch.registered_rows, batch.total_rows) / batch.total_rows;
  return Math.floor(batch.state === "checking" ? checked * 50 : 50 + registered * 50);
}
