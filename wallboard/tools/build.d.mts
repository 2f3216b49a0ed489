/** ensureBuilt returns once wallboard/dist is current; true when this call built it. */
export declare function ensureBuilt(): Promise<boolean>;
