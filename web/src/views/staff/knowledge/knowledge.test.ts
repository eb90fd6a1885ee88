import { describe, expect, it } from "vitest";
import { ApiError } from "@/api/errors";
import {
  actionsFor,
  actorName,
  draftBody,
  draftFromGap,
  draftOf,
  editLabel,
  emptyDraft,
  fieldError,
  generalError,
  hasOverdue,
  openFlags,
  type Person,
  reviewStatusOrder,
  reviewTotals,
  statusName,
  versionRows,
  whyNoReview,
} from "./knowledge";
import type { ArticleDetail, ArticleVersion, Gap, ReviewStatusRow } from "./types";

function version(overrides: Partial<ArticleVersion> = {}): ArticleVersion {
  return {
    article_id: "KB-um-001",
    version: 1,
    status: "published",
    question: "占道经营找谁投诉？",
    phrasings: ["路边摆摊谁管"],
    answer: "向城市管理局反映。",
    basis: [{ title: "城市市容和环境卫生管理条例", number: "国务院令第101号", url: null }],
    categories: ["street-vending"],
    valid_from: "2024-01-01",
    valid_until: null,
    author: "handler:um-handler",
    created_at: "2026-11-01T01:00:00Z",
    submitted_at: "2026-11-01T02:00:00Z",
    reviewer: "handler:um-reviewer",
    published_at: "2026-11-01T03:00:00Z",
    review_note: null,
    ...overrides,
  };
}

function article(latest: Partial<ArticleVersion>, published: ArticleVersion | null = version()): ArticleDetail {
  const last = version({ version: 2, status: "draft", reviewer: null, published_at: null, ...latest });
  return {
    article_id: "KB-um-001",
    department: "urban-management",
    department_name: "城市管理局",
    status: last.status === "superseded" ? "published" : last.status,
    latest: last,
    published,
    versions: [
      {
        version: 1,
        status: "published",
        author: "handler:um-handler",
        created_at: "2026-11-01T01:00:00Z",
        submitted_at: "2026-11-01T02:00:00Z",
        reviewer: "handler:um-reviewer",
        published_at: "2026-11-01T03:00:00Z",
      },
      {
        version: 2,
        status: last.status,
        author: last.author,
        created_at: "2026-11-20T01:00:00Z",
        submitted_at: null,
        reviewer: null,
        published_at: null,
      },
    ],
    flags: [],
    review_due: "2027-11-01",
    review_overdue: false,
    gap_id: null,
  };
}

const handler: Person = { role: "handler", username: "um-handler", department: "urban-management", reviewsKnowledge: false };
const reviewer: Person = { role: "handler", username: "um-reviewer", department: "urban-management", reviewsKnowledge: true };
const otherReviewer: Person = { role: "handler", username: "hr-reviewer", department: "human-resources", reviewsKnowledge: true };
const admin: Person = { role: "admin", username: "admin", department: null, reviewsKnowledge: false };
const supervisor: Person = { role: "supervisor", username: "sup", department: null, reviewsKnowledge: false };

describe("status names", () => {
  it("names every status of an article and a version", () => {
    expect(statusName("draft")).toBe("草稿");
    expect(statusName("pending_review")).toBe("待审核");
    expect(statusName("published")).toBe("已发布");
    expect(statusName("superseded")).toBe("已被新版本取代");
    expect(statusName("withdrawn")).toBe("已撤回");
    expect(statusName("expired")).toBe("已过期");
    expect(statusName(null)).toBe("—");
  });
  it("shows an author as the account with its role's name", () => {
    expect(actorName("handler:um-handler")).toBe("um-handler（承办单位）");
    expect(actorName("system:seed")).toBe("系统导入");
    expect(actorName(null)).toBe("—");
  });
});

describe("who may take which step", () => {
  it("lets the unit's handler edit and submit a draft, and no one else of another unit", () => {
    const draft = article({ status: "draft" });
    expect(actionsFor(draft, handler)).toEqual(["edit", "submit"]);
    expect(actionsFor(draft, otherReviewer)).toEqual([]);
    expect(actionsFor(draft, supervisor)).toEqual([]);
  });
  it("lets the unit's reviewer publish or reject a pending version written by someone else", () => {
    const pending = article({ status: "pending_review", author: "handler:um-handler" });
    expect(actionsFor(pending, reviewer)).toEqual(["publish", "reject", "confirm", "withdraw"]);
    expect(actionsFor(pending, handler)).toEqual([]);
    expect(whyNoReview(pending, handler)).toBe("等待本单位知识库审核人审核");
    expect(actionsFor(pending, otherReviewer)).toEqual([]);
  });
  it("never lets a reviewer publish their own version (four eyes)", () => {
    const own = article({ status: "pending_review", author: "handler:um-reviewer" });
    expect(actionsFor(own, reviewer)).not.toContain("publish");
    expect(actionsFor(own, reviewer)).not.toContain("reject");
    expect(whyNoReview(own, reviewer)).toContain("由您撰写");
  });
  it("lets an admin do any of it except publish a version of its own", () => {
    expect(actionsFor(article({ status: "draft" }), admin)).toEqual(["edit", "submit", "confirm", "withdraw"]);
    expect(actionsFor(article({ status: "pending_review" }), admin)).toContain("publish");
    expect(actionsFor(article({ status: "pending_review", author: "admin:admin" }), admin)).not.toContain("publish");
  });
  it("opens a new version when a published article is edited, and confirms only what is published", () => {
    const live = article({ version: 1, status: "published" });
    expect(actionsFor(live, handler)).toEqual(["edit"]);
    expect(editLabel(live)).toBe("编辑（生成新版本）");
    expect(editLabel(article({ status: "draft" }))).toBe("编辑草稿");
    expect(actionsFor(article({ status: "draft", version: 1 }, null), reviewer)).toEqual(["edit", "submit"]);
  });
});

describe("the version history", () => {
  it("lists the versions newest first, marking the one search serves and the latest", () => {
    const rows = versionRows(article({ status: "pending_review" }));
    expect(rows.map((row) => [row.version, row.statusName, row.serving, row.latest])).toEqual([
      [2, "待审核", false, true],
      [1, "已发布", true, false],
    ]);
    expect(rows[1]?.reviewer).toBe("um-reviewer（承办单位）");
  });
  it("keeps only the open flags, oldest first", () => {
    const flagged = article({});
    flagged.flags = [
      { flag_id: 2, case_id: "B2", version: 1, reason: "答复有误", flagged_at: "2026-11-22T00:00:00Z", resolved_at: null },
      { flag_id: 1, case_id: "A1", version: 1, reason: "答复有误", flagged_at: "2026-11-21T00:00:00Z", resolved_at: null },
      { flag_id: 0, case_id: "Z0", version: 1, reason: "已处理", flagged_at: "2026-11-01T00:00:00Z", resolved_at: "2026-11-02T00:00:00Z" },
    ];
    expect(openFlags(flagged).map((flag) => flag.case_id)).toEqual(["A1", "B2"]);
  });
});

describe("the editor's form", () => {
  it("sends what was written, without blank lines or empty policy rows", () => {
    const form = emptyDraft("urban-management", "2026-11-30");
    form.question = " 占道经营找谁？ ";
    form.phrasings = "路边摆摊谁管\n\n  流动摊贩投诉  ";
    form.answer = "向城市管理局反映。";
    form.basis = [
      { title: "条例", number: "令第1号", url: " " },
      { title: "", number: "", url: "" },
    ];
    form.categories = ["street-vending"];
    expect(draftBody(form)).toEqual({
      department: "urban-management",
      question: "占道经营找谁？",
      phrasings: ["路边摆摊谁管", "流动摊贩投诉"],
      answer: "向城市管理局反映。",
      basis: [{ title: "条例", number: "令第1号", url: null }],
      categories: ["street-vending"],
      valid_from: "2026-11-30",
      valid_until: null,
    });
  });
  it("starts editing from the latest version", () => {
    const form = draftOf("urban-management", version({ phrasings: ["一", "二"], valid_until: "2027-12-31" }));
    expect(form.phrasings).toBe("一\n二");
    expect(form.valid_until).toBe("2027-12-31");
    expect(form.basis[0]?.number).toBe("国务院令第101号");
  });
  it("drafts from a gap: its question, the answer given, its unit and category, and the gap", () => {
    const gap: Gap = {
      gap_id: "G-1",
      case_id: "C-1",
      department: "human-resources",
      department_name: "人力资源和社会保障局",
      category: "wage-arrears",
      category_name: "拖欠工资",
      question: "老板欠薪怎么办",
      answer: "可向劳动保障监察大队投诉",
      source: "window",
      source_label: "窗口解释答疑",
      state: "open",
      state_label: "待补充",
      opened_at: "2026-11-29T00:00:00Z",
      closed_at: null,
      outcome: null,
      article_id: null,
      reason: null,
    };
    const body = draftBody(draftFromGap(gap, "2026-11-30"));
    expect(body).toMatchObject({
      department: "human-resources",
      question: "老板欠薪怎么办",
      answer: "可向劳动保障监察大队投诉",
      categories: ["wage-arrears"],
      gap_id: "G-1",
    });
  });
  it("puts each problem the API names beside its field, whatever the path's form", () => {
    const refused = new ApiError(422, {
      error: "validation_failed",
      fields: [
        { field: "basis[0].title", message: "请填写政策依据的文件名称" },
        { field: "body.valid_until", message: "失效日期不能早于生效日期" },
        { field: "department", message: "请选择知识的责任单位" },
      ],
    });
    expect(fieldError(refused, "basis")).toBe("请填写政策依据的文件名称");
    expect(fieldError(refused, "valid_until")).toBe("失效日期不能早于生效日期");
    expect(fieldError(refused, "department")).toBe("请选择知识的责任单位");
    expect(fieldError(refused, "answer")).toBe("");
    expect(generalError(refused, ["department", "answer"])).toBe("");
  });
  it("shows a refusal without fields above the form, or by the field its code concerns", () => {
    const conflict = new ApiError(409, { error: "pending_review", message: "该知识正在审核中，不能修改" });
    expect(generalError(conflict, ["question"])).toBe("该知识正在审核中，不能修改");
    const closed = new ApiError(409, { error: "gap_closed", message: "该知识缺口已关闭" });
    expect(fieldError(closed, "gap_id")).toBe("该知识缺口已关闭");
  });
});

describe("review status per unit", () => {
  const row = (name: string, overdue: number): ReviewStatusRow => ({
    department: name,
    department_name: name,
    published: 3,
    drafts: 1,
    pending_review: 0,
    review_overdue: overdue,
    open_flags: 1,
    open_gaps: 2,
  });
  it("highlights only the units with articles overdue for review", () => {
    expect(hasOverdue(row("甲", 0))).toBe(false);
    expect(hasOverdue(row("乙", 1))).toBe(true);
  });
  it("lists the units with overdue articles first, most overdue first", () => {
    const ordered = reviewStatusOrder([row("甲", 0), row("乙", 2), row("丙", 5)]);
    expect(ordered.map((entry) => entry.department_name)).toEqual(["丙", "乙", "甲"]);
  });
  it("adds up the district's totals", () => {
    expect(reviewTotals([row("甲", 0), row("乙", 2)])).toEqual({
      published: 6,
      drafts: 2,
      pending_review: 0,
      review_overdue: 2,
      open_flags: 2,
      open_gaps: 4,
    });
  });
});
