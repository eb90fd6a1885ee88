// The staff navigation: the screens a role may use, from the router's own records.
import type { Role } from "@/stores/auth";

export interface NavEntry {
  name: string;
  label: string;
}

/** What the navigation reads of a route record. */
interface Screen {
  name?: string | symbol | null;
  meta: { nav?: string; roles?: readonly Role[]; reviewer?: boolean };
}

/** A screen only a department's knowledge-base reviewer (or an admin) uses. */
export function forReviewersOnly(screen: Screen, role: Role, reviewer: boolean): boolean {
  return screen.meta.reviewer === true && !reviewer && role !== "admin";
}

export function navFor(role: Role, screens: readonly Screen[], reviewer = false): NavEntry[] {
  return screens
    .filter((screen) => screen.meta.nav && typeof screen.name === "string")
    .filter((screen) => !screen.meta.roles || screen.meta.roles.includes(role))
    .filter((screen) => !forReviewersOnly(screen, role, reviewer))
    .map((screen) => ({ name: screen.name as string, label: screen.meta.nav as string }));
}
