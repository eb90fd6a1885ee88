// Where an administrator's form shows what the API refused: the field the 422 names, or, for
// a rule of the organisation (an error code without fields), the field that rule is about.
import { ApiError, messageOf } from "@/api/errors";

/** error code -> the form field it concerns */
export type CodeFields = Readonly<Record<string, string>>;

export class FormProblem {
  constructor(
    readonly error: unknown,
    private readonly byCode: CodeFields = {},
    /** puts names in place of the codes a message quotes */
    private readonly named: (text: string) => string = (text) => text,
  ) {}

  /** The message to show under this field, or "". */
  at(field: string): string {
    if (!(this.error instanceof ApiError)) return "";
    const own = this.error.forField(field);
    if (own) return own;
    return this.byCode[this.error.code] === field ? this.named(this.error.message) : "";
  }

  /** The message when no field of the form shows it, or "". */
  general(fields: readonly string[]): string {
    if (fields.some((field) => this.at(field))) return "";
    return this.named(messageOf(this.error));
  }
}

/** The first message the API gave for a field under `prefix` ("holidays" -> "holidays.2027-13-01"). */
export function messageUnder(error: unknown, prefix: string): string {
  if (!(error instanceof ApiError)) return "";
  const key = Object.keys(error.fields).find((field) => field === prefix || field.startsWith(`${prefix}.`));
  return key ? (error.fields[key] ?? "") : "";
}
