// Names for codes: departments (dispatch) and categories (intake), loaded once per page load.
// Screens show names, never codes; a code nobody knows is shown as it is.
import { defineStore } from "pinia";
import { ref } from "vue";
import { call, dispatch, intake } from "@/api/clients";
import { groupByDomain } from "./categoryGroups";

export interface Named {
  code: string;
  name: string;
}

/** A department with its kind (bureau, street, town, ...). */
export interface NamedDepartment extends Named {
  kind?: string;
}

/** A category with where it sits in the taxonomy (none in a flat catalogue). */
export interface NamedCategory extends Named {
  domain?: string | null;
  domain_name?: string | null;
  group_name?: string | null;
}

export const useDirectory = defineStore("directory", () => {
  const departments = ref<NamedDepartment[]>([]);
  const categories = ref<NamedCategory[]>([]);
  let departmentsLoading: Promise<void> | null = null;
  let categoriesLoading: Promise<void> | null = null;

  function loadDepartments(): Promise<void> {
    departmentsLoading ??= call(dispatch.GET("/api/v1/public/departments"))
      .then((found) => {
        departments.value = found;
      })
      .catch((error: unknown) => {
        departmentsLoading = null;
        throw error;
      });
    return departmentsLoading;
  }

  function loadCategories(): Promise<void> {
    categoriesLoading ??= call(intake.GET("/api/v1/categories"))
      .then((found) => {
        categories.value = found;
      })
      .catch((error: unknown) => {
        categoriesLoading = null;
        throw error;
      });
    return categoriesLoading;
  }

  function nameIn(list: Named[], code: string | null | undefined): string {
    if (!code) return "—";
    return list.find((item) => item.code === code)?.name ?? code;
  }

  return {
    departments,
    categories,
    loadDepartments,
    loadCategories,
    departmentName: (code: string | null | undefined) => nameIn(departments.value, code),
    departmentKind: (code: string | null | undefined) =>
      departments.value.find((item) => item.code === code)?.kind ?? null,
    categoryName: (code: string | null | undefined) => nameIn(categories.value, code),
    /** The live leaves grouped by domain, for the pickers. */
    categoryGroups: () => groupByDomain(categories.value),
  };
});
