// A figures file (CSV or XLSX) fetched with the staff token, and saved under a Chinese name:
// a plain link could not send the token.
import { ApiError, errorFrom } from "@/api/errors";
import { useAuth } from "@/stores/auth";

export type FileFormat = "csv" | "xlsx";

/** Fetches /api/supervision/api/v1/<what>.<format>?<query> and saves it as <name>.<format>. */
export async function saveFigures(
  what: "scorecards" | "rankings" | "hotspots" | "recurring",
  format: FileFormat,
  query: Record<string, string>,
  name: string,
): Promise<void> {
  await saveFile(`${what}.${format}?${new URLSearchParams(query)}`, `${name}.${format}`);
}

/** Fetches /api/supervision/api/v1/<path> with the staff token and saves it as <name>. */
export async function saveFile(path: string, name: string): Promise<void> {
  const token = useAuth().session?.token;
  const response = await fetch(`/api/supervision/api/v1/${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  }).catch(() => {
    throw new ApiError(0, {});
  });
  if (!response.ok) throw errorFrom(response.status, await response.json().catch(() => ({})));
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000); // after the browser has read it
}
