/**
 * ConfigContext is what a section is checked against besides its own values: the configured
 * centres (for references such as "hangzhou/voice") and the environment (for `*Env` secrets).
 */
import { z } from 'zod';
import { didYouMean } from '../platform/yaml/suggest.js';
import type { Env } from './fields.js';
import type { CentreConfig } from './topology.js';

/** ConfigContext is what a section is checked against besides its own values. */
export interface ConfigContext {
  /** The configured centres; null when they are invalid themselves, so references go unchecked rather than all failing. */
  centres: readonly CentreConfig[] | null;
  env: Env;
}

/** centreProblem says why `id` names no configured centre; null when it does (or centres are unknown). */
export function centreProblem(id: string, ctx: ConfigContext): string | null {
  if (!ctx.centres || ctx.centres.some((c) => c.id === id)) return null;
  const ids = ctx.centres.map((c) => c.id);
  return `unknown centre "${id}"${didYouMean(id, ids)} (centres: ${ids.join(', ')})`;
}

/** centreId is a string naming a configured centre. */
export function centreId(ctx: ConfigContext, error = 'must be a centre id') {
  return z.string({ error }).superRefine((v, issues) => {
    const problem = centreProblem(v, ctx);
    if (problem) issues.addIssue({ code: 'custom', message: problem });
  });
}

