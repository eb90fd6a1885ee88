// The knowledge base's rules as the console shows them, with no I/O: status names, who may
// take which step on an article (the same rules intake enforces: a unit's handlers maintain
// its articles, its reviewer publishes what someone else wrote, an admin may do any of it),
// the version history, the editor's form and where the API's field problems go.
import { ApiError } from "@/api/errors";
import { label } from "@/lib/labels";
import type { Role, Session } from "@/stores/auth";
import type { ArticleDetail, ArticleDraft, ArticleSummary, ArticleVersion, Basis, Gap, ReviewStatusRow } from "./types";

export type ArticleStatus = ArticleSummary["status"];

/** An article's or a version's status as people read it. */
export const STATUS_NAMES: Readonly<Record<string, string>> = {
  draft: "草稿",
  pending_review: "待审核",
  published: "已发布",
  superseded: "已被新版本取代",
  withdrawn: "已撤回",
  expired: "已过期",
};

export const ARTICLE_STATUSES: readonly ArticleStatus[] = [
  "draft",
  "pending_review",
  "published",
  "withdrawn",
  "expired",
];

export function statusName(status: string | null | undefined): string {
  if (!status) return "—";
  return STATUS_NAMES[status] ?? status;
}

/** Element Plus tag type for a status: published green, waiting amber, gone grey. */
export function statusTag(status: string): "success" | "warning" | "info" | "primary" {
  if (status === "published") return "success";
  if (status === "pending_review") return "warning";
  if (status === "draft") return "primary";
  return "info";
}

/** Who is looking: what the rules read of the session. */
export interface Person {
  role: Role;
  username: string;
  department: string | null;
  reviewsKnowledge: boolean;
}

export function personOf(session: Session | null): Person {
  if (!session) return { role: "clerk", username: "", department: null, reviewsKnowledge: false };
  const { role, username, department, reviewsKnowledge } = session;
  return { role, username, department, reviewsKnowledge };
}

/** May write new articles: a unit's handler for its unit, an admin for any. */
export function writes(person: Person): boolean {
  return person.role === "admin" || (person.role === "handler" && person.department !== null);
}

/** How a member of staff appears as an author or reviewer ("handler:um-handler"). */
export function actorOf(person: Pick<Person, "role" | "username">): string {
  return `${person.role}:${person.username}`;
}

/** An author or reviewer as people read it: the account with its role's name. */
export function actorName(actor: string | null | undefined): string {
  if (!actor) return "—";
  if (actor.startsWith("system:")) return "系统导入";
  const colon = actor.indexOf(":");
  if (colon < 0) return actor;
  return `${actor.slice(colon + 1)}（${label("Role", actor.slice(0, colon))}）`;
}

/** Maintains the unit's articles: writes, edits, submits drafts. */
export function maintains(person: Person, department: string): boolean {
  if (person.role === "admin") return true;
  return person.role === "handler" && person.department === department;
}

/** The unit's reviewer (知识库审核人): publishes, rejects, confirms, withdraws. */
export function reviews(person: Person, department: string): boolean {
  if (person.role === "admin") return true;
  return person.role === "handler" && person.reviewsKnowledge && person.department === department;
}

export type Action = "edit" | "submit" | "publish" | "reject" | "confirm" | "withdraw";

export const ACTION_NAMES: Readonly<Record<Action, string>> = {
  edit: "编辑",
  submit: "提交审核",
  publish: "审核发布",
  reject: "退回修改",
  confirm: "确认仍然有效",
  withdraw: "撤回",
};

/** The steps this person may take on the article now, in the order the page offers them. */
export function actionsFor(article: ArticleDetail, person: Person): Action[] {
  const latest = article.latest.status;
  const out: Action[] = [];
  if (maintains(person, article.department)) {
    if (latest === "draft" || latest === "published" || latest === "withdrawn") out.push("edit");
    if (latest === "draft") out.push("submit");
  }
  if (reviews(person, article.department)) {
    // four eyes: nobody publishes their own version
    if (latest === "pending_review" && article.latest.author !== actorOf(person)) {
      out.push("publish", "reject");
    }
    if (article.published) out.push("confirm", "withdraw");
  }
  return out;
}

/** Why a reviewer sees no publish button on a version waiting for review; "" otherwise. */
export function whyNoReview(article: ArticleDetail, person: Person): string {
  if (article.latest.status !== "pending_review") return "";
  if (!reviews(person, article.department)) return "等待本单位知识库审核人审核";
  if (article.latest.author === actorOf(person)) return "这一版本由您撰写，须由本单位其他审核人审核";
  return "";
}

/** What the edit button says: editing a published article opens its next version. */
export function editLabel(article: ArticleDetail): string {
  return article.latest.status === "draft" ? "编辑草稿" : "编辑（生成新版本）";
}

export interface VersionRow {
  version: number;
  status: string;
  statusName: string;
  author: string;
  created_at: string;
  submitted_at: string | null;
  reviewer: string;
  published_at: string | null;
  /** the version search serves now */
  serving: boolean;
  latest: boolean;
}

/** The history, newest first, each version marked as the one serving or the latest. */
export function versionRows(article: ArticleDetail): VersionRow[] {
  const serving = article.published?.version ?? null;
  const latest = article.latest.version;
  return [...article.versions]
    .sort((a, b) => b.version - a.version)
    .map((entry) => ({
      version: entry.version,
      status: entry.status,
      statusName: statusName(entry.status),
      author: actorName(entry.author),
      created_at: entry.created_at,
      submitted_at: entry.submitted_at ?? null,
      reviewer: actorName(entry.reviewer),
      published_at: entry.published_at ?? null,
      serving: entry.version === serving,
      latest: entry.version === latest,
    }));
}

/** The open flags (answers found wrong at callback), oldest first. */
export function openFlags(article: ArticleDetail): ArticleDetail["flags"] {
  return article.flags
    .filter((flag) => !flag.resolved_at)
    .sort((a, b) => a.flagged_at.localeCompare(b.flagged_at));
}

// --- the editor --------------------------------------------------------------------------

export interface DraftForm {
  department: string;
  question: string;
  /** one phrasing a line */
  phrasings: string;
  answer: string;
  basis: Basis[];
  categories: string[];
  valid_from: string;
  valid_until: string;
  gap_id: string | null;
}

export function emptyDraft(department: string | null, today: string): DraftForm {
  return {
    department: department ?? "",
    question: "",
    phrasings: "",
    answer: "",
    basis: [{ title: "", number: "", url: "" }],
    categories: [],
    valid_from: today,
    valid_until: "",
    gap_id: null,
  };
}

/** The form prefilled from a version: what editing starts from. */
export function draftOf(department: string, version: ArticleVersion): DraftForm {
  return {
    department,
    question: version.question,
    phrasings: version.phrasings.join("\n"),
    answer: version.answer,
    basis: version.basis.length
      ? version.basis.map((entry) => ({ title: entry.title, number: entry.number ?? "", url: entry.url ?? "" }))
      : [{ title: "", number: "", url: "" }],
    categories: [...version.categories],
    valid_from: version.valid_from ?? "",
    valid_until: version.valid_until ?? "",
    gap_id: null,
  };
}

/** The form prefilled from a knowledge gap: its question and the answer given, its unit. */
export function draftFromGap(gap: Gap, today: string): DraftForm {
  return {
    ...emptyDraft(gap.department, today),
    question: gap.question,
    answer: gap.answer,
    categories: gap.category ? [gap.category] : [],
    gap_id: gap.gap_id,
  };
}

/** What the API receives; blank lines and empty policy rows are left out, so that a form
 * with nothing in them is refused by the API with the field named. */
export function draftBody(form: DraftForm): ArticleDraft {
  const body: ArticleDraft = {
    department: form.department,
    question: form.question.trim(),
    phrasings: form.phrasings
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean),
    answer: form.answer.trim(),
    basis: form.basis
      .filter((entry) => entry.title.trim() || (entry.number ?? "").trim() || (entry.url ?? "").trim())
      .map((entry) => ({
        title: entry.title.trim(),
        number: (entry.number ?? "").trim(),
        url: (entry.url ?? "").trim() || null,
      })),
    categories: [...form.categories],
    valid_from: form.valid_from,
    valid_until: form.valid_until || null,
  };
  if (form.gap_id) body.gap_id = form.gap_id;
  return body;
}

/** The fields the editor shows problems beside; a problem elsewhere is shown above the form. */
export const DRAFT_FIELDS = [
  "department",
  "question",
  "phrasings",
  "answer",
  "basis",
  "categories",
  "valid_from",
  "valid_until",
  "gap_id",
] as const;

/** An error code without fields -> the form field it concerns. */
const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  unknown_department: "department",
  gap_not_found: "gap_id",
  gap_closed: "gap_id",
};

/** The message the API gave for a field or anything under it ("basis[0].title",
 * "basis.0.title", "body.basis"), or "". */
export function fieldError(error: unknown, field: string): string {
  if (!(error instanceof ApiError)) return "";
  for (const [path, message] of Object.entries(error.fields)) {
    const bare = path.startsWith("body.") ? path.slice(5) : path;
    if (bare === field || bare.startsWith(`${field}.`) || bare.startsWith(`${field}[`)) return message;
  }
  return FIELD_OF_CODE[error.code] === field ? error.message : "";
}

/** The message when no field of the form shows it, or "". */
export function generalError(error: unknown, fields: readonly string[]): string {
  if (!error) return "";
  if (fields.some((field) => fieldError(error, field))) return "";
  return error instanceof ApiError ? error.message : "服务暂时无法访问，请检查网络后重试";
}

// --- review status -----------------------------------------------------------------------

/** A unit with articles overdue for review: its row is highlighted. */
export function hasOverdue(row: ReviewStatusRow): boolean {
  return row.review_overdue > 0;
}

/** Units with overdue articles first (most overdue first), then by name. */
export function reviewStatusOrder(rows: readonly ReviewStatusRow[]): ReviewStatusRow[] {
  return [...rows].sort(
    (a, b) =>
      Number(b.review_overdue > 0) - Number(a.review_overdue > 0) ||
      b.review_overdue - a.review_overdue ||
      a.department_name.localeCompare(b.department_name, "zh-CN"),
  );
}

export interface ReviewTotals {
  published: number;
  drafts: number;
  pending_review: number;
  review_overdue: number;
  open_flags: number;
  open_gaps: number;
}

export function reviewTotals(rows: readonly ReviewStatusRow[]): ReviewTotals {
  const totals: ReviewTotals = { published: 0, drafts: 0, pending_review: 0, review_overdue: 0, open_flags: 0, open_gaps: 0 };
  for (const row of rows) {
    for (const key of Object.keys(totals) as (keyof ReviewTotals)[]) totals[key] += row[key];
  }
  return totals;
}
