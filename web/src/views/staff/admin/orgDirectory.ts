// The administrator's view of the organisation: every department with its kind and parent
// (dispatch's /org routes), and the categories (intake); names for codes, read fresh on each
// screen so that what was just added shows at once.
import { computed, ref } from "vue";
import { call, dispatch, intake } from "@/api/clients";
import type { components as DispatchTypes } from "@/api/dispatch";
import type { components as IntakeTypes } from "@/api/intake";

export type Department = DispatchTypes["schemas"]["Department"];
export type Category = IntakeTypes["schemas"]["CategoryView"];

/** Department kinds people read; a kind not listed is shown as it is. */
export const DEPARTMENT_KINDS: Readonly<Record<string, string>> = {
  bureau: "委办局",
  street: "街道",
  community: "社区",
  enterprise: "企业",
};

export function kindName(kind: string): string {
  return DEPARTMENT_KINDS[kind] ?? kind;
}

export function useOrg() {
  const departments = ref<Department[]>([]);
  const categories = ref<Category[]>([]);

  async function loadDepartments(): Promise<void> {
    departments.value = await call(dispatch.GET("/api/v1/org/departments"));
  }

  async function loadCategories(): Promise<void> {
    categories.value = await call(intake.GET("/api/v1/categories"));
  }

  const departmentNames = computed(() => new Map(departments.value.map((d) => [d.code, d.name])));
  const categoryNames = computed(() => new Map(categories.value.map((c) => [c.code, c.name])));

  /** A message with each department code it quotes replaced by the department's name. */
  function withNames(text: string): string {
    const codes = [...departmentNames.value.keys()].sort((a, b) => b.length - a.length);
    return codes.reduce(
      (out, code) =>
        out.replace(new RegExp(`(?<![a-z0-9-])${code}(?![a-z0-9-])`, "g"), departmentNames.value.get(code) ?? code),
      text,
    );
  }

  return {
    departments,
    withNames,
    categories,
    loadDepartments,
    loadCategories,
    departmentName: (code: string | null | undefined) => (code ? (departmentNames.value.get(code) ?? code) : "—"),
    categoryName: (code: string | null | undefined) => (code ? (categoryNames.value.get(code) ?? code) : "—"),
  };
}
