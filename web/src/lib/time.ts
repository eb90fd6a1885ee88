// Every time a person reads is shown in Asia/Shanghai, whatever the browser's zone.
const ZONE = "Asia/Shanghai";

const dateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function parts(format: Intl.DateTimeFormat, at: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
}

/** "2026-11-21 20:05" for an ISO instant; "—" for none or nonsense. */
export function shanghaiDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "—";
  const p = parts(dateTime, at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A calendar date (YYYY-MM-DD, no zone) as "2030年4月14日". */
export function chineseDate(isoDate: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? "");
  if (!match) return "—";
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

const day = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE });

/** Today's date in Asia/Shanghai as YYYY-MM-DD, whatever the browser's zone. */
export function shanghaiToday(now: Date = new Date()): string {
  return day.format(now);
}
