/**
 * Note: what a saved record says (a plan step's outcome, the roster an SMS went through), as a
 * message code and its parameters, so each screen words it in its own language from its message
 * catalogue. The record's English text (`detail`, `group`) stays beside it for the API, the logs
 * and older screens, which is also what a screen shows for a record saved before notes existed.
 */
export interface Note {
  /** The catalogue key, e.g. `step.rerouted`. */
  code: string;
  params: Record<string, string | number>;
}

export const note = (code: string, params: Record<string, string | number> = {}): Note => ({ code, params });
