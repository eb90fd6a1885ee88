// The staff member who is logged in: the token and who it names, kept for this browser tab
// (sessionStorage), so that a reload keeps the login and closing the tab ends it.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { call, dispatch, useBearer } from "@/api/clients";
import type { components } from "@/api/dispatch";

export type Role = components["schemas"]["TokenIssued"]["role"];

export interface Session {
  token: string;
  username: string;
  name: string;
  role: Role;
  department: string | null;
  /** the department's knowledge-base reviewer (知识库审核人) */
  reviewsKnowledge: boolean;
  /** epoch milliseconds */
  expiresAt: number;
}

const KEY = "civicloop.session";

function stored(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (typeof session.token !== "string" || session.expiresAt <= Date.now()) return null;
    return { ...session, reviewsKnowledge: session.reviewsKnowledge === true };
  } catch {
    return null;
  }
}

export const useAuth = defineStore("auth", () => {
  const session = ref<Session | null>(stored());
  useBearer(session.value?.token ?? null);

  const loggedIn = computed(() => session.value !== null && session.value.expiresAt > Date.now());

  async function login(username: string, password: string): Promise<Session> {
    const issued = await call(
      dispatch.POST("/api/v1/auth/token", { body: { username, password } }),
    );
    const next: Session = {
      token: issued.access_token,
      username: issued.username,
      name: issued.name,
      role: issued.role,
      department: issued.department,
      reviewsKnowledge: issued.reviews_knowledge,
      expiresAt: Date.now() + issued.expires_in * 1000,
    };
    session.value = next;
    sessionStorage.setItem(KEY, JSON.stringify(next));
    useBearer(next.token);
    return next;
  }

  function logout(): void {
    session.value = null;
    sessionStorage.removeItem(KEY);
    useBearer(null);
  }

  return { session, loggedIn, login, logout };
});
