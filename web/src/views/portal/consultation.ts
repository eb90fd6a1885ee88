// "没有解答我的问题": the resident's search words carried to the submission form, which opens
// as a consultation (咨询) with them as its title and description, ready to file.
import type { LocationQuery, RouteLocationRaw } from "vue-router";

export const TITLE_LIMIT = 100;

export interface ConsultationDraft {
  kind: "consultation";
  title: string;
  description: string;
}

/** Where "没有解答我的问题" leads: the submission form, with the words searched for. */
export function consultationLink(searched: string): RouteLocationRaw {
  return { name: "submit", query: { kind: "consultation", q: searched.trim() } };
}

/** The title a question makes: its first sentence, at most TITLE_LIMIT characters. */
export function titleOf(question: string): string {
  const line = question.replace(/\s+/g, " ").trim();
  const sentence = line.split(/(?<=[。？！?!])/)[0] ?? line;
  return sentence.slice(0, TITLE_LIMIT).trim();
}

/** The consultation the address asks the form to start from, or null for a blank form. */
export function draftFrom(query: LocationQuery): ConsultationDraft | null {
  const asked = typeof query.q === "string" ? query.q.trim() : "";
  if (query.kind !== "consultation" || !asked) return null;
  return { kind: "consultation", title: titleOf(asked), description: asked };
}
