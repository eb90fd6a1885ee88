// Intake's knowledge routes as the knowledge screens call them; each answer or an ApiError.
import { call, intake } from "@/api/clients";
import type { ArticleDetail, ArticleDraft, ArticleSummary, ArticleVersion, Gap, ReviewStatusRow } from "./types";

export interface ArticleQuery {
  q?: string;
  department?: string;
  category?: string;
  status?: ArticleSummary["status"] | "";
  review_overdue?: boolean;
  flagged?: boolean;
  limit: number;
  offset: number;
}

export async function listArticles(query: ArticleQuery): Promise<{ items: ArticleSummary[]; total: number }> {
  return call(
    intake.GET("/api/v1/knowledge/articles", {
      params: {
        query: {
          q: query.q || undefined,
          department: query.department || undefined,
          category: query.category || undefined,
          status: (query.status || undefined),
          review_overdue: query.review_overdue || undefined,
          flagged: query.flagged || undefined,
          limit: query.limit,
          offset: query.offset,
        },
      },
    }),
  );
}

export function getArticle(articleId: string): Promise<ArticleDetail> {
  return call(intake.GET("/api/v1/knowledge/articles/{article_id}", { params: { path: { article_id: articleId } } }));
}

export function getVersion(articleId: string, version: number): Promise<ArticleVersion> {
  return call(
    intake.GET("/api/v1/knowledge/articles/{article_id}/versions/{version}", {
      params: { path: { article_id: articleId, version } },
    }),
  );
}

export function createArticle(draft: ArticleDraft): Promise<ArticleDetail> {
  return call(intake.POST("/api/v1/knowledge/articles", { body: draft }));
}

export function saveDraft(articleId: string, draft: ArticleDraft): Promise<ArticleDetail> {
  const { department: _department, gap_id: _gap, ...body } = draft;
  return call(
    intake.PUT("/api/v1/knowledge/articles/{article_id}/draft", {
      params: { path: { article_id: articleId } },
      body: body,
    }),
  );
}

export type Step = "submit" | "publish" | "reject" | "confirm" | "withdraw";

/** Takes a step on the article; `text` is the note (publish, reject, confirm) or the reason
 * (withdraw). */
export function takeStep(articleId: string, step: Step, text: string): Promise<ArticleDetail> {
  const params = { path: { article_id: articleId } };
  const note = text.trim() || null;
  switch (step) {
    case "submit":
      return call(intake.POST("/api/v1/knowledge/articles/{article_id}/submit", { params }));
    case "publish":
    case "reject":
      return call(
        intake.POST("/api/v1/knowledge/articles/{article_id}/review", {
          params,
          body: { decision: step, note },
        }),
      );
    case "confirm":
      return call(intake.POST("/api/v1/knowledge/articles/{article_id}/confirm", { params, body: { note } }));
    case "withdraw":
      return call(
        intake.POST("/api/v1/knowledge/articles/{article_id}/withdraw", { params, body: { reason: text.trim() } }),
      );
  }
}

export function listGaps(query: {
  department?: string;
  state?: Gap["state"] | "";
  limit: number;
  offset: number;
}): Promise<{ items: Gap[]; total: number }> {
  return call(
    intake.GET("/api/v1/knowledge/gaps", {
      params: {
        query: {
          department: query.department || undefined,
          state: (query.state || undefined),
          limit: query.limit,
          offset: query.offset,
        },
      },
    }),
  );
}

export function dismissGap(gapId: string, reason: string): Promise<Gap> {
  return call(
    intake.POST("/api/v1/knowledge/gaps/{gap_id}/dismiss", {
      params: { path: { gap_id: gapId } },
      body: { reason: reason.trim() },
    }),
  );
}

/** An open gap by its id (the list is the only way to read one). */
export async function findOpenGap(gapId: string): Promise<Gap | null> {
  const PAGE = 100;
  for (let offset = 0; ; offset += PAGE) {
    const page = await listGaps({ state: "open", limit: PAGE, offset });
    const found = page.items.find((gap) => gap.gap_id === gapId);
    if (found) return found;
    if (offset + PAGE >= page.total || !page.items.length) return null;
  }
}

export function reviewStatus(): Promise<ReviewStatusRow[]> {
  return call(intake.GET("/api/v1/knowledge/review-status"));
}
