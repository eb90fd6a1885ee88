// One typed client per service, under the gateway's path for it (/api/<service>/...); the
// types are generated from the services' OpenAPI documents (see scripts/api-types.mjs).
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths as CallbackPaths } from "./callback";
import type { paths as DeadlinePaths } from "./deadline";
import type { paths as DispatchPaths } from "./dispatch";
import { ApiError, errorFrom } from "./errors";
import type { paths as IntakePaths } from "./intake";
import type { paths as SupervisionPaths } from "./supervision";

let bearer: string | null = null;
let onExpired: () => void = () => {};

/** The staff token sent with every request from now on (null: none). */
export function useBearer(token: string | null): void {
  bearer = token;
}

/** What to do when a service refuses the token (expired, or signed with another secret). */
export function whenTokenRefused(handler: () => void): void {
  onExpired = handler;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (bearer) request.headers.set("Authorization", `Bearer ${bearer}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has("Authorization")) onExpired();
    return response;
  },
};

function client<Paths extends {}>(service: string): Client<Paths> {
  const made = createClient<Paths>({ baseUrl: `/api/${service}` });
  made.use(auth);
  return made;
}

export const intake = client<IntakePaths>("intake");
export const dispatch = client<DispatchPaths>("dispatch");
export const deadline = client<DeadlinePaths>("deadline");
export const callback = client<CallbackPaths>("callback");
export const supervision = client<SupervisionPaths>("supervision");

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The response's data, or an ApiError (status 0 when the service could not be reached). */
export async function call<T>(request: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await request;
  } catch {
    throw new ApiError(0, {});
  }
  if (outcome.error !== undefined || !outcome.response.ok) {
    throw errorFrom(outcome.response.status, outcome.error);
  }
  return outcome.data as T;
}
