// What changed between two versions of the time-limit table, rule by rule: a rule is one
// stage for one request kind and one category (either may be "any").

export interface LimitRule {
  stage: string;
  kind?: string | null;
  category?: string | null;
  working_hours?: number | null;
  working_days?: number | null;
}

export interface RuleChange {
  key: string;
  rule: LimitRule;
  change: "added" | "removed" | "changed";
  before: LimitRule | null;
  after: LimitRule | null;
}

export function ruleKey(rule: LimitRule): string {
  return [rule.stage, rule.kind ?? "*", rule.category ?? "*"].join("|");
}

function sameLimit(a: LimitRule, b: LimitRule): boolean {
  return (a.working_hours ?? null) === (b.working_hours ?? null) && (a.working_days ?? null) === (b.working_days ?? null);
}

export function diffRules(before: readonly LimitRule[], after: readonly LimitRule[]): RuleChange[] {
  const old = new Map(before.map((rule) => [ruleKey(rule), rule]));
  const now = new Map(after.map((rule) => [ruleKey(rule), rule]));
  const changes: RuleChange[] = [];
  for (const [key, rule] of now) {
    const was = old.get(key);
    if (!was) changes.push({ key, rule, change: "added", before: null, after: rule });
    else if (!sameLimit(was, rule)) changes.push({ key, rule, change: "changed", before: was, after: rule });
  }
  for (const [key, rule] of old) {
    if (!now.has(key)) changes.push({ key, rule, change: "removed", before: rule, after: null });
  }
  return changes;
}

/** "3 个工作日", "4 个工作小时" */
export function limitText(rule: LimitRule | null): string {
  if (!rule) return "—";
  if (rule.working_days) return `${rule.working_days} 个工作日`;
  if (rule.working_hours) return `${rule.working_hours} 个工作小时`;
  return "—";
}
