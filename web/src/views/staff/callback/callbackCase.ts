// What the callback page reads of a case, and what became of it after the callback: dispatch
// decides whether a result closes the case, reopens it or refers it to supervision, so the
// page asks dispatch rather than guessing from the answers.
import type { components as CallbackTypes } from "@/api/callback";
import { call, callback, dispatch } from "@/api/clients";
import type { components as DispatchTypes } from "@/api/dispatch";
import { ApiError } from "@/api/errors";

export type Task = CallbackTypes["schemas"]["CallbackTaskDetail"];
export type Handling = DispatchTypes["schemas"]["CaseDetail"];
export type Outcome = CallbackTypes["schemas"]["Attempt"]["outcome"];
export type Satisfaction = CallbackTypes["schemas"]["Rating"]["satisfaction"];
export type IssuedLink = CallbackTypes["schemas"]["IssuedRatingLink"];

export interface Aftermath {
  kind: "closed" | "reopened" | "supervision" | "waiting";
  text: string;
}

/** What followed the task's end, as dispatch has it; null while the task is open, or for a
 * matter resolved on the spot (no department handles it). */
export function aftermathOf(task: Task, handling: Handling | null): Aftermath | null {
  if (task.state === "open" || task.source === "on_the_spot") return null;
  if (handling && handling.round > task.round) {
    return { kind: "reopened", text: `诉求已根据回访结果重新交办，进入第 ${handling.round} 轮办理` };
  }
  if (handling?.state === "closed") return { kind: "closed", text: "诉求已归档" };
  if (handling?.state === "under_supervision") return { kind: "supervision", text: "诉求已移交督查" };
  return { kind: "waiting", text: "正在等待交办系统处理回访结果" };
}

/** The case in dispatch; null when dispatch has none (resolved on the spot) or cannot say. */
export async function handlingOf(caseId: string): Promise<Handling | null> {
  try {
    return await call(dispatch.GET("/api/v1/cases/{case_id}", { params: { path: { case_id: caseId } } }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export async function tasksOf(caseId: string): Promise<Task[]> {
  return call(callback.GET("/api/v1/callbacks/{case_id}", { params: { path: { case_id: caseId } } }));
}

export async function recordAttempt(caseId: string, outcome: Outcome, note: string) {
  return call(
    callback.POST("/api/v1/callbacks/{case_id}/attempts", {
      params: { path: { case_id: caseId } },
      body: { outcome, note },
    }),
  );
}

/** The submitter's answers; `answerWrong` when the answer taken from the knowledge base was
 * wrong (答复有误), which flags the article for its reviewer. */
export async function recordResult(
  caseId: string,
  satisfaction: Satisfaction,
  solved: boolean,
  comment: string,
  answerWrong = false,
) {
  return call(
    callback.POST("/api/v1/callbacks/{case_id}/result", {
      params: { path: { case_id: caseId } },
      body: { satisfaction, solved, comment, answer_wrong: answerWrong },
    }),
  );
}

export async function issueRatingLink(caseId: string): Promise<IssuedLink> {
  return call(
    callback.POST("/api/v1/callbacks/{case_id}/rating-link", { params: { path: { case_id: caseId } } }),
  );
}
