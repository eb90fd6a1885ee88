// The knowledge base's searches as the console asks them: staff search (any staff role) and
// the portal's public search of published articles, and one published article for the portal.
import { call, intake } from "@/api/clients";
import type { components } from "@/api/intake";
import type { SuggestedArticle } from "./knowledgeSearch";

export type PublicArticle = components["schemas"]["PublicHit"];

/** How many suggestions a page shows. */
export const SUGGESTIONS = 5;

export async function staffSearch(q: string, limit = SUGGESTIONS): Promise<SuggestedArticle[]> {
  const found = await call(intake.GET("/api/v1/knowledge/search", { params: { query: { q, limit } } }));
  return found.hits;
}

export async function publicSearch(q: string, limit = SUGGESTIONS): Promise<SuggestedArticle[]> {
  const found = await call(
    intake.GET("/api/v1/public/knowledge/search", { params: { query: { q, limit } } }),
  );
  return found.hits;
}

export function publicArticle(articleId: string): Promise<PublicArticle> {
  return call(
    intake.GET("/api/v1/public/knowledge/articles/{article_id}", {
      params: { path: { article_id: articleId } },
    }),
  );
}
