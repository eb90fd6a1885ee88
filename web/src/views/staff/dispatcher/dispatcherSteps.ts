// The dispatcher's decisions on a case, as the case page offers them: each with its label,
// the dispatch route that takes it, and where the API's refusals belong on its form. Which
// of them the dispatcher may take now is dispatch's answer (allowed_actions), never decided
// here.
import { call, dispatch } from "@/api/clients";
import type { components } from "@/api/dispatch";
import type { ApiError } from "@/api/errors";

type CaseStatus = components["schemas"]["CaseStatus"];
export type Reclassified = components["schemas"]["Reclassified"];
export type Decision = components["schemas"]["ArbitrateCommand"]["decision"];

export const STEPS = {
  assign: { label: "交办" },
  arbitrate: { label: "退单仲裁" },
  grant_extension: { label: "批准延期" },
  deny_extension: { label: "不同意延期" },
  transfer: { label: "转办" },
  reclassify: { label: "改类" },
  send_back: { label: "退回甄别" },
  reject: { label: "驳回" },
} as const satisfies Record<string, { label: string }>;

export type StepName = keyof typeof STEPS;

export function isStep(action: string): action is StepName {
  return action in STEPS;
}

export interface StepForm {
  lead: string;
  co_handlers: string[];
  reason: string;
  decision: Decision | "";
  /** 转办: the outside unit and the note handed over with the case */
  unit: string;
  note: string;
  /** the category (item) the dispatcher chose: on 交办 (kept when empty) and on 改类 */
  category: string;
}

export function emptyForm(): StepForm {
  return { lead: "", co_handlers: [], reason: "", decision: "", unit: "", note: "", category: "" };
}

/** Sends the decision to dispatch; the case's state afterwards (with what 改类 found out of
 * the new category's route), or an ApiError. */
export function take(step: StepName, caseId: string, form: StepForm): Promise<CaseStatus | Reclassified> {
  const params = { path: { case_id: caseId } };
  const route = { lead: form.lead, co_handlers: form.co_handlers };
  switch (step) {
    case "assign":
      return call(
        dispatch.POST("/api/v1/cases/{case_id}/assign", {
          params,
          body: { ...route, reason: form.reason, ...(form.category ? { category: form.category } : {}) },
        }),
      );
    case "reclassify":
      return call(
        dispatch.POST("/api/v1/cases/{case_id}/reclassify", {
          params,
          body: { category: form.category, reason: form.reason },
        }),
      );
    case "send_back":
      return call(dispatch.POST("/api/v1/cases/{case_id}/send-back", { params, body: { reason: form.reason } }));
    case "reject":
      return call(dispatch.POST("/api/v1/cases/{case_id}/reject", { params, body: { reason: form.reason } }));
    case "arbitrate":
      return call(
        dispatch.POST("/api/v1/cases/{case_id}/arbitrate", {
          params,
          body:
            form.decision === "reroute"
              ? { decision: "reroute", reason: form.reason, ...route }
              : { decision: form.decision as Decision, reason: form.reason },
        }),
      );
    case "grant_extension":
      return call(dispatch.POST("/api/v1/cases/{case_id}/extensions/grant", { params }));
    case "deny_extension":
      return call(dispatch.POST("/api/v1/cases/{case_id}/extensions/deny", { params, body: { reason: form.reason } }));
    case "transfer":
      return call(dispatch.POST("/api/v1/cases/{case_id}/transfer", { params, body: { unit: form.unit, note: form.note } }));
  }
}

/** The form field a refusal of the routing rules concerns (its errors name no field). */
const FIELD_OF_CODE: Record<string, string> = {
  unknown_department: "lead",
  lead_required: "lead",
  lead_is_co_handler: "co_handlers",
  reroute_to_returning_department: "lead",
  duplicate_co_handler: "co_handlers",
  not_outside_unit: "unit",
  unknown_category: "category",
  same_category: "category",
  category_required: "category",
};

/** What 改类 tells the dispatcher of the new category's route: re-routing is theirs to decide. */
export function reclassifiedText(outcome: Reclassified, categoryName: (code: string) => string, departmentName: (code: string) => string): string {
  const done = `已改类为「${categoryName(outcome.category)}」（原为「${categoryName(outcome.previous_category)}」）`;
  if (!outcome.rule_lead) return `${done}；该分类没有派单规则。`;
  const lead = departmentName(outcome.rule_lead);
  if (outcome.lead_differs) {
    return `${done}。新分类的主办单位为${lead}，与当前主办单位不同：如需改派，请在承办单位退单后仲裁改派至${lead}。`;
  }
  return `${done}；新分类的主办单位为${lead}。`;
}

/** The API's message for a form field: a validation problem of the field, a domain rule
 * that names it (`field`), or a routing rule about it. */
export function messageFor(problem: ApiError | null, field: string): string {
  if (!problem) return "";
  const own = problem.forField(field);
  if (own) return own;
  const named = typeof problem.body.field === "string" ? problem.body.field : FIELD_OF_CODE[problem.code];
  return named === field ? problem.message : "";
}

/** Whether the refusal is told next to a field (otherwise it is told above the form). */
export function isFieldProblem(problem: ApiError, fields: readonly string[]): boolean {
  return fields.some((field) => messageFor(problem, field) !== "");
}
