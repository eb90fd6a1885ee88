// What the screens of campaigns (三项评议) and campaign ledgers (专项整治台账) share, staff and
// public alike: a ledger's figures read the way Gaoyou reports them ("41 件：立行立改 31 /
// 列入专项研究 2 / 重点督办 8"), a campaign's scores and ranks, and its form's checks. The API
// stays the authority; these only say what it said, or catch a slip before it is sent.
import { validUscc } from "@/lib/identity";

export interface DispositionCount {
  code: string;
  name: string;
  count: number;
}

export interface LedgerFigures {
  collected: number;
  by_disposition: DispositionCount[];
  undecided: number;
  rectified: number;
  rectified_on_time: number;
  overdue: number;
  open: number;
}

/** "41 件：立行立改 31 / 列入专项研究 2 / 重点督办 8"; the undecided are told when there are any. */
export function dispositionLine(figures: LedgerFigures): string {
  const parts = figures.by_disposition.map((d) => `${d.name} ${d.count}`);
  if (figures.undecided > 0) parts.push(`待定 ${figures.undecided}`);
  return parts.length ? `${figures.collected} 件：${parts.join(" / ")}` : `${figures.collected} 件`;
}

/** "已整改 12 件（按期 10 件），逾期 3 件，未整改 29 件". */
export function progressLine(figures: LedgerFigures): string {
  return (
    `已整改 ${figures.rectified} 件（按期 ${figures.rectified_on_time} 件），` +
    `逾期 ${figures.overdue} 件，未整改 ${figures.open} 件`
  );
}

/** The share rectified, as a percentage ("73.2%"); "—" when nothing was collected. */
export function rectifiedRate(figures: LedgerFigures): string {
  if (!figures.collected) return "—";
  return `${((figures.rectified / figures.collected) * 100).toFixed(1)}%`;
}

/** A 0-100 score with one decimal; "—" when there is none. */
export function scoreText(score: number | null | undefined): string {
  return score === null || score === undefined || Number.isNaN(score) ? "—" : score.toFixed(1);
}

export const TOO_FEW = "样本不足";

/** A department's place: "第 2 名", or 样本不足 below the campaign's minimum sample. */
export function rankText(
  row: { rank?: number | null; responses: number },
  minResponses: number,
): string {
  if (row.responses < minResponses || row.rank === null || row.rank === undefined) return TOO_FEW;
  return `第 ${row.rank} 名`;
}

/** Whether a ranked department scored below the threshold (and so is summoned: 约谈). */
export function belowThreshold(
  row: { overall?: number | null; responses: number },
  minResponses: number,
  threshold: number,
): boolean {
  return (
    row.responses >= minResponses &&
    row.overall !== null &&
    row.overall !== undefined &&
    row.overall < threshold
  );
}

/** The two dimension weights as the API takes them (summing to 1) from percentages typed. */
export function weightsProblem(negativeList: number, satisfaction: number): string {
  return Math.round(negativeList + satisfaction) === 100
    ? ""
    : `负面清单与满意度的权重之和须为 100%，现为 ${negativeList + satisfaction}%`;
}

/** A credit code as typed (spaces dropped, upper-cased) and what is wrong with it, if anything. */
export function creditCodeProblem(typed: string): string {
  const code = normalisedCreditCode(typed);
  if (!code) return "请填写统一社会信用代码";
  if (code.length !== 18) return `统一社会信用代码为 18 位，已输入 ${code.length} 位`;
  return validUscc(code) ? "" : "统一社会信用代码校验位不符，请核对";
}

export function normalisedCreditCode(typed: string): string {
  return typed.replace(/\s+/g, "").toUpperCase();
}

/** The satisfaction scale's five labels, worst first, when a campaign is drafted. */
export const DEFAULT_SATISFACTION_LABELS = ["很不满意", "不满意", "一般", "满意", "很满意"];

/** The negative list (负面清单) a campaign starts from. */
export const DEFAULT_INDICATORS = [
  { code: "buck_passing", text: "推诿扯皮", weight: 1 },
  { code: "cold_hard", text: "冷硬推", weight: 1 },
  { code: "graft", text: "吃拿卡要", weight: 1 },
  { code: "dragging", text: "办事拖沓", weight: 1 },
  { code: "unwelcoming", text: "门难进脸难看", weight: 1 },
];

/** The three evaluations (三项评议): who rates in each. */
export const KINDS = [
  { value: "residents_rate_services", label: "群众评服务", raters: "群众（凭邀请码）" },
  { value: "enterprises_rate_government", label: "企业评政府", raters: "企业（凭统一社会信用代码）" },
  { value: "grassroots_rate_agencies", label: "基层评机关", raters: "街道（乡镇）" },
] as const;

export function kindLabel(kind: string): string {
  return KINDS.find((k) => k.value === kind)?.label ?? kind;
}

const STATUS: Record<string, string> = { draft: "草稿", open: "进行中", closed: "已结束" };

export function statusLabel(status: string): string {
  return STATUS[status] ?? status;
}

/** Department kinds (district file) whose staff rate in a 基层评机关 campaign. */
export const GRASSROOTS_KINDS = ["street", "town"];

/** The portal's page for an invitation link the API gives as /portal/campaigns/<id>?code=<code>
 * (the portal's pages sit at the site's root). */
export function invitationUrl(link: string, origin: string): string {
  return origin + link.replace(/^\/portal(?=\/campaigns\/)/, "");
}

/** A department's latest closed campaign of one kind, as a scorecard row carries it. */
export interface ScorecardEvaluation {
  kind: string;
  title: string;
  responses: number;
  overall?: number | null;
  rank?: number | null;
  ranked: boolean;
  summoned: boolean;
}

/** One evaluation beside the case figures: "82.5 分 · 第 2 名（31 份）", or 样本不足 with the count. */
export function evaluationText(evaluation: ScorecardEvaluation | undefined): string {
  if (!evaluation) return "—";
  const count = `（${evaluation.responses} 份）`;
  if (!evaluation.ranked || evaluation.rank === null || evaluation.rank === undefined) {
    return `${TOO_FEW}${count}`;
  }
  const talk = evaluation.summoned ? " · 约谈" : "";
  return `${scoreText(evaluation.overall)} 分 · 第 ${evaluation.rank} 名${count}${talk}`;
}
