// A year's schedule pasted as text: the API's JSON, or the YAML of deploy/calendars/<year>.yaml
// (top-level keys; under holidays and make_up_workdays, one "date: name" a line).

export interface YearSchedule {
  year: number | null;
  source: string;
  holidays: Record<string, string>;
  make_up_workdays: Record<string, string>;
}

/** Text that cannot be read, and the form field it was typed into. */
export class ScheduleTextError extends Error {
  constructor(
    message: string,
    readonly field = "pasted",
  ) {
    super(message);
  }
}

const SECTIONS = ["holidays", "make_up_workdays"] as const;
type Section = (typeof SECTIONS)[number];

export function parseSchedule(text: string): YearSchedule {
  const trimmed = text.trim();
  if (!trimmed) throw new ScheduleTextError("请粘贴日历内容");
  return trimmed.startsWith("{") ? fromJson(trimmed) : fromYaml(text);
}

function fromJson(text: string): YearSchedule {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ScheduleTextError("不是有效的 JSON");
  }
  const document = parsed as Record<string, unknown>;
  const year = document.year;
  return {
    year: typeof year === "number" ? year : null,
    source: typeof document.source === "string" ? document.source : "",
    holidays: days(document.holidays, "holidays"),
    make_up_workdays: days(document.make_up_workdays, "make_up_workdays"),
  };
}

function days(section: unknown, name: Section): Record<string, string> {
  if (section === undefined || section === null) return {};
  if (typeof section !== "object" || Array.isArray(section)) {
    throw new ScheduleTextError(`${name} 应为“日期: 名称”的对照`);
  }
  return Object.fromEntries(Object.entries(section).map(([day, label]) => [day, String(label)]));
}

function unquote(value: string): string {
  const text = value.trim();
  const quoted = /^(["'])(.*)\1$/.exec(text);
  return quoted ? (quoted[2] ?? "") : text;
}

function fromYaml(text: string): YearSchedule {
  const out: YearSchedule = { year: null, source: "", holidays: {}, make_up_workdays: {} };
  let section: Section | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\s+#.*$/, "").replace(/^#.*$/, "");
    if (!line.trim()) return;
    const match = /^(\s*)([^:]+):\s*(.*)$/.exec(line);
    if (!match) throw new ScheduleTextError(`第 ${index + 1} 行无法识别：${raw.trim()}`);
    const [, indent = "", key = "", value = ""] = match;
    const name = unquote(key);
    if (indent) {
      if (!section) throw new ScheduleTextError(`第 ${index + 1} 行不属于 holidays 或 make_up_workdays`);
      out[section][name] = unquote(value);
      return;
    }
    section = null;
    if (name === "year") out.year = Number(unquote(value)) || null;
    else if (name === "source") out.source = unquote(value);
    else if ((SECTIONS as readonly string[]).includes(name)) section = name as Section;
    else throw new ScheduleTextError(`第 ${index + 1} 行：不认识的项 ${name}`);
  });
  return out;
}

/** The form's lines, "2027-01-01 元旦" each, as date -> name (a date alone gets no name). */
export function parseDayLines(text: string, field: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const match = /^(\d{4}-\d{2}-\d{2})(?:[\s:：,，]+(.*))?$/.exec(line);
    if (!match) throw new ScheduleTextError(`第 ${index + 1} 行应为“日期 名称”，如 2027-01-01 元旦`, field);
    out[match[1] ?? ""] = (match[2] ?? "").trim();
  });
  return out;
}
