// zh-CN labels, as the services have them: web/openapi/labels.json is generated from
// common.vocabulary.LABELS_ZH and the few words a service labels itself (scripts/openapi.py).
import vocabulary from "../../openapi/labels.json";

export type Vocabulary = keyof typeof vocabulary;

/** The zh-CN label of a vocabulary value; the value itself if the vocabulary lacks it. */
export function label(kind: Vocabulary, value: string | null | undefined): string {
  if (!value) return "—";
  const table: Record<string, string> = vocabulary[kind];
  return table[value] ?? value;
}

/** Every value of a vocabulary with its label, in the vocabulary's order (for pickers). */
export function choices(kind: Vocabulary): { value: string; label: string }[] {
  const table: Record<string, string> = vocabulary[kind];
  return Object.entries(table).map(([value, text]) => ({ value, label: text }));
}
