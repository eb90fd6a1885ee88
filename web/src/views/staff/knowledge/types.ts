// What intake's knowledge routes exchange, as the console reads it (the generated client's).
import type { components as IntakeTypes } from "@/api/intake";

type Schemas = IntakeTypes["schemas"];

export type Basis = Schemas["BasisEntry"];
export type ArticleSummary = Schemas["ArticleSummary"];
export type ArticleVersion = Schemas["ArticleVersion"];
export type ArticleDetail = Schemas["ArticleDetail"];
export type ArticleDraft = Schemas["ArticleDraft"];
export type Gap = Schemas["Gap"];
export type ReviewStatusRow = Schemas["UnitReviewStatus"];
