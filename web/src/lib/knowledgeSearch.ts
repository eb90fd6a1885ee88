// The knowledge base (知识库) where the daily work uses it: suggestions that follow what is
// typed (debounced, nothing asked for empty text, an answer to older text never shown over a
// newer one), the words a search is made of, an answer shortened for a list, and the article
// an answer was taken from as the screening and the resolution send it.

/** What a suggestion list shows of an article, staff or public. */
export interface SuggestedArticle {
  article_id: string;
  version: number;
  question: string;
  answer: string;
  department_name: string;
  basis: { title: string; number: string; url?: string | null }[];
  categories?: string[];
}

/** The article (and version) an answer came from, as the case records it. */
export interface AdoptedArticle {
  article_id: string;
  version: number;
  question: string;
  department_name: string;
}

export interface KnowledgeFields {
  knowledge_article_id?: string;
  knowledge_article_version?: number;
}

/** The longest query sent: a search reads the start of a long description well enough. */
export const QUERY_LIMIT = 200;
export const DEBOUNCE_MS = 300;

/** The words to search for: the parts given, trimmed, joined, at most QUERY_LIMIT long. */
export function queryOf(...parts: (string | null | undefined)[]): string {
  const joined = parts
    .map((part) => (part ?? "").trim())
    .filter(Boolean)
    .join(" ");
  return joined.slice(0, QUERY_LIMIT).trim();
}

/** A text shortened to `limit` characters on one line, with an ellipsis when cut. */
export function excerpt(text: string, limit = 80): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= limit ? line : `${line.slice(0, limit).trimEnd()}…`;
}

/** An article's policy basis as one line: 《保障农民工工资支付条例》（国务院令第724号）. */
export function basisLine(basis: SuggestedArticle["basis"]): string {
  return basis.map((one) => `《${one.title}》${one.number ? `（${one.number}）` : ""}`).join("；");
}

/** The fields a screening or a resolution sends for the article its answer came from; none
 * for an answer of the staff's own (the services take their absence as no article). */
export function knowledgeFields(adopted: AdoptedArticle | null): KnowledgeFields {
  if (!adopted) return {};
  return { knowledge_article_id: adopted.article_id, knowledge_article_version: adopted.version };
}

/** An article as the case will record it: which one, which version, its question. */
export function adoptionOf(hit: SuggestedArticle): AdoptedArticle {
  return {
    article_id: hit.article_id,
    version: hit.version,
    question: hit.question,
    department_name: hit.department_name,
  };
}

/** "KB-labour-001 第 2 版". */
export function articleVersion(articleId: string, version: number): string {
  return `${articleId} 第 ${version} 版`;
}

/** The first of an article's categories that the console knows as a category, for a case
 * that has none yet. */
export function categoryFrom(categories: readonly string[] | undefined, known: readonly string[]): string {
  return (categories ?? []).find((code) => known.includes(code)) ?? "";
}

export interface Suggester {
  /** The text changed: ask again after a pause, or clear at once when it is empty. */
  update(text: string): void;
  /** Forget what is pending (the page is leaving). */
  stop(): void;
}

export interface SuggesterOptions<T> {
  search: (query: string) => Promise<T>;
  /** the answer for the latest text, or null when there is nothing to ask about */
  show: (result: T | null, query: string) => void;
  /** the latest search failed */
  fail: (error: unknown) => void;
  delayMs?: number;
}

/** Suggestions that follow typed text: one request per pause in typing, none for empty text,
 * and only the answer to the latest text ever shown. */
export function suggester<T>(options: SuggesterOptions<T>): Suggester {
  const delay = options.delayMs ?? DEBOUNCE_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let asked = 0; // the number of the latest text; answers to earlier ones are dropped
  let last = "";

  function clear(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  return {
    update(text: string): void {
      const query = queryOf(text);
      if (query === last) return; // a change that leaves the words as they were
      last = query;
      clear();
      const mine = ++asked;
      if (!query) {
        options.show(null, "");
        return;
      }
      timer = setTimeout(() => {
        timer = null;
        options.search(query).then(
          (result) => {
            if (mine === asked) options.show(result, query);
          },
          (error: unknown) => {
            if (mine === asked) options.fail(error);
          },
        );
      }, delay);
    },
    stop(): void {
      clear();
      asked++;
      last = "";
    },
  };
}
