// The campaign ledgers' (专项整治台账) calls on supervision, staff and public, typed from its
// OpenAPI document; the screens read ledgers and entries only through these.
import { call, supervision } from "@/api/clients";
import type { components } from "@/api/supervision";
import { type FileFormat, saveFile } from "../figures/download";

export type Ledger = components["schemas"]["Ledger"];
export type LedgerDetail = components["schemas"]["LedgerDetail"];
export type Entry = components["schemas"]["LedgerEntry"];
export type PublicEntry = components["schemas"]["PublicLedgerEntry"];
export type PublicLedger = components["schemas"]["PublicLedger"];
export type PublicLedgerDetail = components["schemas"]["PublicLedgerDetail"];
export type EntryChanges = components["schemas"]["EntryChange"];
export type NewEntry = components["schemas"]["EntryCommand"];
export type Progress = Entry["progress"];

export const PROGRESS: { value: Progress; label: string }[] = [
  { value: "open", label: "待整改" },
  { value: "in_progress", label: "整改中" },
  { value: "rectified", label: "已整改" },
];

export function progressLabel(progress: Progress): string {
  return PROGRESS.find((p) => p.value === progress)?.label ?? progress;
}

const path = (ledger_id: number) => ({ params: { path: { ledger_id } } });

export const ledgers = {
  list: () => call(supervision.GET("/api/v1/ledgers")),
  open: (body: { title: string; description?: string | null }) =>
    call(supervision.POST("/api/v1/ledgers", { body })),
  get: (ledgerId: number) => call(supervision.GET("/api/v1/ledgers/{ledger_id}", path(ledgerId))),
  addEntry: (ledgerId: number, body: NewEntry) =>
    call(supervision.POST("/api/v1/ledgers/{ledger_id}/entries", { ...path(ledgerId), body })),
  change: (ledgerId: number, entryId: number, body: EntryChanges) =>
    call(
      supervision.PATCH("/api/v1/ledgers/{ledger_id}/entries/{entry_id}", {
        params: { path: { ledger_id: ledgerId, entry_id: entryId } },
        body,
      }),
    ),
  publish: (ledgerId: number) =>
    call(supervision.POST("/api/v1/ledgers/{ledger_id}/publish", path(ledgerId))),
  withdraw: (ledgerId: number) =>
    call(supervision.POST("/api/v1/ledgers/{ledger_id}/withdraw", path(ledgerId))),
  mine: () => call(supervision.GET("/api/v1/ledger-entries", { params: { query: { mine: true } } })),
  save: (ledgerId: number, format: FileFormat, title: string) =>
    saveFile(`ledgers/${ledgerId}.${format}`, `专项整治台账-${title}.${format}`),
  published: () => call(supervision.GET("/api/v1/public/ledgers")),
  publishedOne: (ledgerId: number) =>
    call(supervision.GET("/api/v1/public/ledgers/{ledger_id}", path(ledgerId))),
};
