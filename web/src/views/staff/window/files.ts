// Files from intake (the acceptance form's PDF, the ratings' CSV/XLSX), fetched with the staff
// token and handed to the browser: a plain link could not send the token.
import { ApiError, errorFrom } from "@/api/errors";
import { useAuth } from "@/stores/auth";

/** Fetches /api/intake/api/v1/<path> and returns its body, or throws the API's error. */
export async function intakeFile(path: string, init: RequestInit = {}): Promise<Blob> {
  const token = useAuth().session?.token;
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(`/api/intake/api/v1/${path}`, { ...init, headers }).catch(() => {
    throw new ApiError(0, {});
  });
  if (!response.ok) throw errorFrom(response.status, await response.json().catch(() => ({})));
  return response.blob();
}

/** Saves a fetched file under the name given. */
export function saveAs(content: Blob, filename: string): void {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(content);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000); // after the browser has read it
}
