// What intake's knowledge routes exchange, as the console reads it.
import type { components as IntakeTypes } from "@/api/intake";

export interface Basis {
  title: string;
  number?: string | null;
  url?: string | null;
}

export interface ArticleSummary {
  article_id: string;
  latest_version: number;
  status: string;
  question: string;
  department: string;
  department_name: string;
  categories: string[];
  valid_from: string | null;
  valid_until?: string | null;
  published_version?: number | null;
  review_due?: string | null;
  review_overdue: boolean;
  open_flags: number;
  updated_at: string;
}

export interface ArticleVersion {
  article_id: string;
  version: number;
  status: string;
  question: string;
  phrasings: string[];
  answer: string;
  basis: Basis[];
  categories: string[];
  valid_from: string | null;
  valid_until?: string | null;
  author: string;
  created_at: string;
  submitted_at?: string | null;
  reviewer?: string | null;
  published_at?: string | null;
  review_note?: string | null;
}

export interface VersionEntry {
  version: number;
  status: string;
  author: string;
  created_at: string;
  submitted_at?: string | null;
  reviewer?: string | null;
  published_at?: string | null;
}

export interface Flag {
  flag_id: number | string;
  case_id: string;
  version: number;
  reason: string;
  flagged_at: string;
  resolved_at?: string | null;
}

export interface ArticleDetail {
  article_id: string;
  department: string;
  department_name: string;
  status: string;
  latest: ArticleVersion;
  published?: ArticleVersion | null;
  versions: VersionEntry[];
  flags: Flag[];
  review_due?: string | null;
  review_overdue: boolean;
  gap_id?: string | null;
}

export interface ArticleDraft {
  department: string;
  question: string;
  phrasings: string[];
  answer: string;
  basis: Basis[];
  categories: string[];
  valid_from: string;
  valid_until?: string | null;
  gap_id?: string | null;
}

export type Gap = IntakeTypes["schemas"]["Gap"];

export interface ReviewStatusRow {
  department: string;
  department_name: string;
  published: number;
  drafts: number;
  pending_review: number;
  review_overdue: number;
  open_flags: number;
  open_gaps: number;
}
