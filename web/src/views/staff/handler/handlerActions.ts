// The steps a department takes on a case, as the case page offers them: each with its label,
// the fields its form asks for, and the dispatch route that takes it. Which of them a caller
// may take now is dispatch's answer (allowed_actions), never decided here.
import { call, dispatch } from "@/api/clients";
import type { components } from "@/api/dispatch";
import { type AdoptedArticle, knowledgeFields } from "@/lib/knowledgeSearch";

type CaseStatus = components["schemas"]["CaseStatus"];
export type ResolutionResult = components["schemas"]["ResolveCommand"]["result"];

export type Field = "note" | "reason" | "optional_reason" | "working_days" | "opinion" | "result" | "summary";

export interface Step {
  /** the button and the form's title */
  label: string;
  fields: readonly Field[];
}

export const STEPS = {
  sign: { label: "签收", fields: [] },
  contact: { label: "首次联系", fields: ["note"] },
  return: { label: "退回", fields: ["reason"] },
  request_extension: { label: "申请延期", fields: ["working_days", "reason"] },
  suspend: { label: "挂起", fields: ["reason"] },
  resume: { label: "恢复办理", fields: ["optional_reason"] },
  file_opinion: { label: "协办意见", fields: ["opinion"] },
  resolve: { label: "办结", fields: ["result", "summary"] },
  // an outside unit's steps on a case transferred to it (转办)
  acknowledge_transfer: { label: "确认接收", fields: [] },
  answer_transfer: { label: "答复", fields: ["result", "summary"] },
} as const satisfies Record<string, Step>;

export type StepName = keyof typeof STEPS;

export function isStep(action: string): action is StepName {
  return action in STEPS;
}

export interface StepForm {
  note: string;
  reason: string;
  working_days: number | undefined;
  opinion: string;
  result: ResolutionResult | "";
  summary: string;
  /** the knowledge article a consultation's answer was taken from */
  knowledge: AdoptedArticle | null;
}

export function emptyForm(): StepForm {
  return { note: "", reason: "", working_days: undefined, opinion: "", result: "", summary: "", knowledge: null };
}

/** Sends the step to dispatch; the case's state afterwards, or an ApiError. */
export function take(step: StepName, caseId: string, form: StepForm): Promise<CaseStatus> {
  const params = { path: { case_id: caseId } };
  switch (step) {
    case "sign":
      return call(dispatch.POST("/api/v1/cases/{case_id}/sign", { params }));
    case "contact":
      return call(dispatch.POST("/api/v1/cases/{case_id}/contact", { params, body: { note: form.note } }));
    case "return":
      return call(dispatch.POST("/api/v1/cases/{case_id}/return", { params, body: { reason: form.reason } }));
    case "request_extension":
      return call(
        dispatch.POST("/api/v1/cases/{case_id}/extensions", {
          params,
          body: { working_days: form.working_days ?? 0, reason: form.reason },
        }),
      );
    case "suspend":
      return call(dispatch.POST("/api/v1/cases/{case_id}/suspend", { params, body: { reason: form.reason } }));
    case "resume":
      return call(dispatch.POST("/api/v1/cases/{case_id}/resume", { params, body: { reason: form.reason } }));
    case "file_opinion":
      return call(
        dispatch.POST("/api/v1/cases/{case_id}/opinion", { params, body: { opinion: form.opinion } }),
      );
    case "resolve":
      return call(
        dispatch.POST("/api/v1/cases/{case_id}/resolve", {
          params,
          body: { result: form.result as ResolutionResult, summary: form.summary, ...knowledgeFields(form.knowledge) },
        }),
      );
    case "acknowledge_transfer":
      return call(dispatch.POST("/api/v1/cases/{case_id}/transfer/acknowledge", { params }));
    case "answer_transfer":
      return call(
        dispatch.POST("/api/v1/cases/{case_id}/transfer/answer", {
          params,
          body: { result: form.result as ResolutionResult, summary: form.summary },
        }),
      );
  }
}
