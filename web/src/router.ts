// Every screen of the console. Staff screens carry the roles that may use them; the staff
// navigation is built from these records, so it can only name screens that exist.
import { createRouter, createWebHistory, type RouteMeta, type RouteRecordRaw } from "vue-router";
import vocabulary from "../openapi/labels.json";
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
  }
}

export const ALL_ROLES = Object.keys(vocabulary.Role) as Role[];
const FIGURE_READERS: Role[] = ["supervisor", "leader"];

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
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 接诉即办` : "接诉即办";
});
