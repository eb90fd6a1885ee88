// The staff navigation: the screens a role may use, from the router's own records.
import type { Role } from "@/stores/auth";

export interface NavEntry {
  name: string;
  label: string;
}

/** What the navigation reads of a route record. */
interface Screen {
  name?: string | symbol | null;
  meta: { nav?: string; roles?: readonly Role[] };
}

export function navFor(role: Role, screens: readonly Screen[]): NavEntry[] {
  return screens
    .filter((screen) => screen.meta.nav && typeof screen.name === "string")
    .filter((screen) => !screen.meta.roles || screen.meta.roles.includes(role))
    .map((screen) => ({ name: screen.name as string, label: screen.meta.nav as string }));
}
