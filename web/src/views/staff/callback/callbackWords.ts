// The words of the callback agent's screens: how a case was resolved (by a department, or on
// the spot at the window), and the answers an agent records.
import { choices, label } from "@/lib/labels";

/** How the case was resolved: a department's result, or what the window did on the spot. */
export function resultLabel(source: string, result: string): string {
  return source === "on_the_spot" ? label("ScreeningOutcome", result) : label("ResolutionResult", result);
}

/** The calls that did not reach the submitter; "reached" is offered too, as the API takes
 * it, and the API says to record the result instead. */
export const ATTEMPT_OUTCOMES = choices("CallbackAttemptOutcome");

export const SATISFACTIONS = choices("Satisfaction");
