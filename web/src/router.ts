// Every screen of the console. Staff screens carry the roles that may use them; the staff
// navigation is built from these records, so it can only name screens that exist.
// Longer than ~400 lines on purpose: it is the one map of every screen, read in one place.
import { createRouter, createWebHistory, type RouteMeta, type RouteRecordRaw } from "vue-router";
import vocabulary from "../openapi/labels.json";
import { forReviewersOnly } from "@/nav";
import { type Role, useAuth } from "@/stores/auth";
import PortalHome from "@/views/portal/PortalHome.vue";
import PortalLayout from "@/views/portal/PortalLayout.vue";

declare module "vue-router" {
  interface RouteMeta {
    /** the page's title (the browser tab, the heading) */
    title?: string;
    /** only for staff who are logged in */
    staff?: boolean;
    /** the roles that may open it (staff screens); all roles when absent */
    roles?: readonly Role[];
    /** its label in the staff navigation; not listed when absent */
    nav?: string;
    /** only for a department's knowledge-base reviewer (知识库审核人) among its roles */
    reviewer?: boolean;
  }
}

export const ALL_ROLES = Object.keys(vocabulary.Role) as Role[];
const FIGURE_READERS: Role[] = ["supervisor", "leader"];
const KNOWLEDGE_WRITERS: Role[] = ["handler", "admin"];

/** Where a role lands after login: a leader on the figures, everyone else on the home. */
export function homeOf(role: Role): string {
  return role === "leader" ? "figures-scorecards" : "staff-home";
}

/** The staff screens, in the order the navigation lists them (the router's own list is
 * ranked by path, which would put the home last). */
export const staffScreens: (RouteRecordRaw & { meta: RouteMeta })[] = [
  {
    path: "",
    name: "staff-home",
    component: () => import("@/views/staff/StaffHome.vue"),
    meta: { title: "工作台", nav: "工作台", roles: ALL_ROLES },
  },
  {
    path: "register",
    name: "staff-register",
    component: () => import("@/views/staff/RegisterView.vue"),
    meta: { title: "窗口登记", nav: "窗口登记", roles: ["clerk"] },
  },
  {
    path: "screening",
    name: "staff-screening",
    component: () => import("@/views/staff/ScreeningQueueView.vue"),
    meta: { title: "甄别队列", nav: "甄别队列", roles: ["clerk"] },
  },
  {
    path: "screening/:caseId",
    name: "staff-screening-case",
    component: () => import("@/views/staff/ScreeningCaseView.vue"),
    props: true,
    meta: { title: "甄别", roles: ["clerk"] },
  },
  {
    path: "handler/cases",
    name: "handler-cases",
    component: () => import("@/views/staff/handler/HandlerCasesView.vue"),
    meta: { title: "本单位诉求", nav: "本单位诉求", roles: ["handler"] },
  },
  {
    path: "handler/cases/:caseId",
    name: "handler-case",
    component: () => import("@/views/staff/handler/HandlerCaseView.vue"),
    meta: { title: "诉求办理", roles: ["handler"] },
  },
  {
    path: "handler/supervision",
    name: "handler-supervision",
    component: () => import("@/views/staff/handler/HandlerSupervisionView.vue"),
    meta: { title: "督办催办", nav: "督办催办", roles: ["handler"] },
  },
  {
    path: "dispatcher/queue",
    name: "dispatcher-queue",
    component: () => import("@/views/staff/dispatcher/DispatchQueueView.vue"),
    meta: { title: "派单队列", nav: "派单队列", roles: ["dispatcher"] },
  },
  {
    path: "dispatcher/cases/:caseId",
    name: "dispatcher-case",
    component: () => import("@/views/staff/dispatcher/DispatchCaseView.vue"),
    meta: { title: "派单处理", roles: ["dispatcher"] },
  },
  {
    path: "supervision/signals",
    name: "supervision-signals",
    component: () => import("@/views/staff/supervision/SignalsView.vue"),
    meta: { title: "督办信号", nav: "督办信号", roles: ["supervisor"] },
  },
  {
    path: "supervision/orders",
    name: "supervision-orders",
    component: () => import("@/views/staff/supervision/OrdersView.vue"),
    meta: { title: "催办与督办", nav: "催办与督办", roles: ["supervisor"] },
  },
  {
    path: "supervision/meetings",
    name: "supervision-meetings",
    component: () => import("@/views/staff/supervision/MeetingsView.vue"),
    meta: { title: "联席会议", nav: "联席会议", roles: ["supervisor"] },
  },
  {
    path: "supervision/accountability",
    name: "supervision-accountability",
    component: () => import("@/views/staff/supervision/AccountabilityView.vue"),
    meta: { title: "问责台账", nav: "问责台账", roles: ["supervisor"] },
  },
  {
    path: "supervision/appeals",
    name: "supervision-appeals",
    component: () => import("@/views/staff/supervision/AppealsView.vue"),
    meta: { title: "申诉裁决", nav: "申诉裁决", roles: ["supervisor"] },
  },
  {
    path: "supervision/problems",
    name: "supervision-problems",
    component: () => import("@/views/staff/supervision/ProblemListAdminView.vue"),
    meta: { title: "问题清单管理", nav: "问题清单管理", roles: ["supervisor"] },
  },
  // campaigns (三项评议), campaign ledgers (专项整治台账) and the commitments they lead to
  {
    path: "evaluations/campaigns",
    name: "evaluations-campaigns",
    component: () => import("@/views/staff/evaluations/CampaignsView.vue"),
    meta: { title: "三项评议", nav: "三项评议", roles: ["supervisor"] },
  },
  {
    path: "evaluations/campaigns/:campaignId",
    name: "evaluations-campaign",
    component: () => import("@/views/staff/evaluations/CampaignView.vue"),
    props: true,
    meta: { title: "三项评议", roles: ["supervisor"] },
  },
  {
    path: "evaluations/ledgers",
    name: "evaluations-ledgers",
    component: () => import("@/views/staff/evaluations/LedgersView.vue"),
    meta: { title: "专项整治台账", nav: "专项整治台账", roles: ["supervisor"] },
  },
  {
    path: "evaluations/ledgers/:ledgerId",
    name: "evaluations-ledger",
    component: () => import("@/views/staff/evaluations/LedgerView.vue"),
    props: true,
    meta: { title: "专项整治台账", roles: ["supervisor"] },
  },
  {
    path: "evaluations/ledger-entries",
    name: "evaluations-my-entries",
    component: () => import("@/views/staff/evaluations/HandlerLedgerEntriesView.vue"),
    meta: { title: "台账整改", nav: "台账整改", roles: ["handler"] },
  },
  {
    path: "evaluations/office-ratings",
    name: "evaluations-office",
    component: () => import("@/views/staff/evaluations/OfficeRatingsView.vue"),
    meta: { title: "基层评机关", nav: "基层评机关", roles: ["handler"] },
  },
  {
    path: "evaluations/commitments",
    name: "evaluations-commitments",
    component: () => import("@/views/staff/evaluations/CommitmentsView.vue"),
    meta: { title: "公开承诺", nav: "公开承诺", roles: ["handler", "supervisor"] },
  },
  {
    path: "admin/departments",
    name: "admin-departments",
    component: () => import("@/views/staff/admin/AdminDepartmentsView.vue"),
    meta: { title: "部门", nav: "部门", roles: ["admin"] },
  },
  {
    path: "admin/staff",
    name: "admin-staff",
    component: () => import("@/views/staff/admin/AdminStaffView.vue"),
    meta: { title: "人员", nav: "人员", roles: ["admin"] },
  },
  {
    path: "admin/routing-rules",
    name: "admin-routing",
    component: () => import("@/views/staff/admin/AdminRoutingView.vue"),
    meta: { title: "派单规则", nav: "派单规则", roles: ["admin"] },
  },
  {
    path: "admin/categories",
    name: "admin-categories",
    component: () => import("@/views/staff/admin/AdminCategoriesView.vue"),
    meta: { title: "诉求分类", nav: "诉求分类", roles: ["admin"] },
  },
  {
    path: "admin/policies",
    name: "admin-policies",
    component: () => import("@/views/staff/admin/AdminPoliciesView.vue"),
    meta: { title: "时限规则", nav: "时限规则", roles: ["admin"] },
  },
  {
    path: "admin/calendar",
    name: "admin-calendar",
    component: () => import("@/views/staff/admin/AdminCalendarView.vue"),
    meta: { title: "工作日历", nav: "工作日历", roles: ["admin"] },
  },
  {
    path: "admin/open311-keys",
    name: "admin-keys",
    component: () => import("@/views/staff/admin/AdminOpen311KeysView.vue"),
    meta: { title: "开放接口密钥", nav: "开放接口密钥", roles: ["admin"] },
  },
  {
    path: "callbacks",
    name: "callback-queue",
    component: () => import("@/views/staff/callback/CallbackQueueView.vue"),
    meta: { title: "回访队列", nav: "回访队列", roles: ["callback_agent"] },
  },
  {
    path: "callbacks/:caseId",
    name: "callback-case",
    component: () => import("@/views/staff/callback/CallbackCaseView.vue"),
    meta: { title: "回访", roles: ["callback_agent"] },
  },
  // the figures: supervisors and leaders (领导) read them
  {
    path: "figures/scorecards",
    name: "figures-scorecards",
    component: () => import("@/views/staff/figures/ScorecardView.vue"),
    meta: { title: "考核评价", nav: "考核评价", roles: FIGURE_READERS },
  },
  {
    path: "figures/rankings",
    name: "figures-rankings",
    component: () => import("@/views/staff/figures/RankingView.vue"),
    meta: { title: "排名", nav: "排名", roles: FIGURE_READERS },
  },
  {
    path: "figures/hotspots",
    name: "figures-hotspots",
    component: () => import("@/views/staff/figures/HotspotsView.vue"),
    meta: { title: "热点", nav: "热点", roles: FIGURE_READERS },
  },
  {
    path: "figures/recurring",
    name: "figures-recurring",
    component: () => import("@/views/staff/figures/RecurringView.vue"),
    meta: { title: "重复诉求", nav: "重复诉求", roles: FIGURE_READERS },
  },
  {
    path: "figures/classification",
    name: "figures-classification",
    component: () => import("@/views/staff/figures/ClassificationAccuracyView.vue"),
    meta: { title: "分类准确率", nav: "分类准确率", roles: [...FIGURE_READERS, "admin"] },
  },
  // the knowledge base (知识库): everyone reads; units maintain theirs, their reviewers publish
  {
    path: "knowledge",
    name: "knowledge-list",
    component: () => import("@/views/staff/knowledge/KnowledgeListView.vue"),
    meta: { title: "知识库", nav: "知识库", roles: ALL_ROLES },
  },
  {
    path: "knowledge/new",
    name: "knowledge-new",
    component: () => import("@/views/staff/knowledge/ArticleEditorView.vue"),
    meta: { title: "新建知识", roles: KNOWLEDGE_WRITERS },
  },
  {
    path: "knowledge/articles/:articleId",
    name: "knowledge-article",
    component: () => import("@/views/staff/knowledge/ArticleView.vue"),
    props: true,
    meta: { title: "知识详情", roles: ALL_ROLES },
  },
  {
    path: "knowledge/articles/:articleId/edit",
    name: "knowledge-edit",
    component: () => import("@/views/staff/knowledge/ArticleEditorView.vue"),
    props: true,
    meta: { title: "编辑知识", roles: KNOWLEDGE_WRITERS },
  },
  {
    path: "knowledge/review",
    name: "knowledge-review",
    component: () => import("@/views/staff/knowledge/ReviewQueueView.vue"),
    meta: { title: "待审核", nav: "知识审核", roles: KNOWLEDGE_WRITERS, reviewer: true },
  },
  {
    path: "knowledge/gaps",
    name: "knowledge-gaps",
    component: () => import("@/views/staff/knowledge/GapsView.vue"),
    meta: { title: "知识缺口", nav: "知识缺口", roles: ["handler", "supervisor", "leader", "admin"] },
  },
  {
    path: "knowledge/status",
    name: "knowledge-status",
    component: () => import("@/views/staff/knowledge/ReviewStatusView.vue"),
    meta: { title: "知识库维护情况", nav: "知识库维护", roles: ["supervisor", "leader", "admin"] },
  },
  {
    path: "batches/import",
    name: "batch-import",
    component: () => import("@/views/staff/BatchImportView.vue"),
    meta: { title: "批量导入", nav: "批量导入", roles: ["clerk"] },
  },
  {
    path: "batches",
    name: "batch-list",
    component: () => import("@/views/staff/BatchListView.vue"),
    meta: { title: "导入批次", nav: "导入批次", roles: ["clerk", "supervisor", "admin"] },
  },
  // the window's routine: the duty roster (every staff member reads it) and the visitors' ratings
  {
    path: "window/roster",
    name: "window-roster",
    component: () => import("@/views/staff/window/DutyRosterView.vue"),
    meta: { title: "值班安排", nav: "值班安排", roles: ALL_ROLES },
  },
  {
    path: "window/ratings",
    name: "window-ratings",
    component: () => import("@/views/staff/window/WindowRatingsView.vue"),
    meta: { title: "窗口评价", nav: "窗口评价", roles: ["supervisor", "leader", "admin"] },
  },
];

const routes: RouteRecordRaw[] = [
  {
    path: "/",
    component: PortalLayout,
    children: [
      { path: "", name: "portal", component: PortalHome, meta: { title: "群众服务" } },
      {
        path: "submit",
        name: "submit",
        component: () => import("@/views/portal/SubmitView.vue"),
        meta: { title: "我要反映" },
      },
      {
        path: "track",
        name: "track",
        component: () => import("@/views/portal/TrackView.vue"),
        meta: { title: "查询办理进度" },
      },
      {
        path: "problems",
        name: "problems",
        component: () => import("@/views/portal/ProblemListView.vue"),
        meta: { title: "问题清单" },
      },
      {
        path: "knowledge",
        name: "knowledge",
        component: () => import("@/views/portal/KnowledgeView.vue"),
        meta: { title: "知识库" },
      },
      {
        path: "knowledge/:articleId",
        name: "portal-knowledge-article",
        component: () => import("@/views/portal/KnowledgeArticleView.vue"),
        meta: { title: "知识库" },
      },
      {
        path: "problems/ledgers/:ledgerId",
        name: "public-ledger",
        component: () => import("@/views/portal/PublicLedgerView.vue"),
        props: true,
        meta: { title: "专项整治台账" },
      },
      {
        path: "campaigns/:campaignId",
        name: "campaign",
        component: () => import("@/views/portal/CampaignAnswerView.vue"),
        props: true,
        meta: { title: "评议" },
      },
      {
        path: "rate/:token",
        name: "rate",
        component: () => import("@/views/portal/RateView.vue"),
        meta: { title: "办理结果评价" },
      },
      {
        path: "portal/visit/:caseId",
        name: "visit-rating",
        component: () => import("@/views/portal/VisitRatingView.vue"),
        meta: { title: "窗口服务评价" },
      },
    ],
  },
  // the invitation links campaigns hand out (/portal/campaigns/<id>?code=...)
  { path: "/portal/campaigns/:campaignId", redirect: (to) => ({ name: "campaign", params: to.params, query: to.query }) },
  {
    path: "/login",
    name: "login",
    component: () => import("@/views/staff/LoginView.vue"),
    meta: { title: "工作人员登录" },
  },
  {
    path: "/staff",
    component: () => import("@/views/staff/StaffLayout.vue"),
    meta: { staff: true },
    children: staffScreens,
  },
  {
    path: "/:rest(.*)*",
    name: "not-found",
    component: () => import("@/views/NotFound.vue"),
    meta: { title: "页面不存在" },
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

/** Only paths inside the console are followed after login (no open redirect). */
export function safeNext(next: unknown): string | null {
  return typeof next === "string" && next.startsWith("/staff") ? next : null;
}

router.beforeEach((to) => {
  if (!to.matched.some((record) => record.meta.staff)) return true;
  const auth = useAuth();
  if (!auth.loggedIn || !auth.session) {
    auth.logout();
    return { name: "login", query: { next: to.fullPath } };
  }
  const roles = to.meta.roles;
  if (roles && !roles.includes(auth.session.role)) return { name: "staff-home" };
  if (forReviewersOnly(to, auth.session.role, auth.session.reviewsKnowledge)) return { name: "staff-home" };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 接诉即办` : "接诉即办";
});
