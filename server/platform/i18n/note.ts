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

/** withReason: a `reason` parameter in English and, when the reason has a note, its code (`reasonCode`) and parameters beside it. */
export const withReason = (reason: string, why?: Note): Record<string, string | number> => ({ ...(why ? { ...why.params, reasonCode: why.code } : {}), reason });
