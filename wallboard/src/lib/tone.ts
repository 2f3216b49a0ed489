/**
 * tone: how a status reads at a glance — good, needs attention (warn), failed (bad), over and
 * done with (muted) or neutral (plain). Shown by `StatusTag`, always next to the status in words.
 */
export type Tone = 'good' | 'warn' | 'bad' | 'muted' | 'plain';
