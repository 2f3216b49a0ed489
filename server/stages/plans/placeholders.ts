/**
 * The placeholders of SMS templates (alerts/templates/*.txt): `{name}` is replaced by a figure of
 * the incident, its level or its centre's live metrics. A figure not known (no metrics yet, a
 * ratio not measured) reads `—`, so a message never says "null"; `{predicted}` (an early
 * warning's "RED predicted in 6 min") reads as nothing on an incident that predicts nothing.
 */
import type { Incident } from '../incidents/types.js';
import type { ScopeMetrics } from '../metrics/types.js';
import { levelRank, type Level } from '../rules/index.js';
import { formatDuration } from '../rules/quantity.js';
import { didYouMean } from '../../platform/yaml/suggest.js';
import { percentOf, signedNumber } from './format.js';
import { SMS_WORDS } from './sms-words.js';
import type { Locale } from '../../config/locales.js';

/** SmsContext is what a template is rendered from. */
export interface SmsContext {
  incident: Incident;
  /** The level the message is about (the incident may have moved on since). */
  level: Level;
  /** The incident centre's figures (scope `centre:<id>`, or `all`); absent: every figure reads —. */
  metrics?: ScopeMetrics;
  /** `${publicUrl}/control#incident=${id}`. */
  link: string;
  ackCode: string;
  /** The centre's display name; default its id (`all`: "All centres"). */
  centreName?: string;
  /** The language of the words placeholders put in (level, type); default English. */
  locale?: Locale;
}

type Placeholder = (ctx: SmsContext) => string | number | null;

const words = (ctx: SmsContext) => SMS_WORDS[ctx.locale ?? 'en'];

// Each figure may be missing (no metrics) or not measured yet (null).
const known = <T>(v: T | null | undefined, format: (v: T) => string) => (v === null || v === undefined ? null : format(v));
const seconds = (v: number) => formatDuration(Math.round(v));

/** PLACEHOLDERS maps each placeholder name to its value; window figures are the last 15 minutes. */
export const PLACEHOLDERS: Readonly<Record<string, Placeholder>> = {
  level: (c) => words(c).level[c.level],
  levelNumber: (c) => levelRank(c.level),
  centre: (c) => c.centreName ?? (c.incident.centre === 'all' ? words(c).allCentres : c.incident.centre),
  type: (c) => (words(c).type as Record<string, string>)[c.incident.type] ?? c.incident.type.replace(/_/g, ' '),
  incident: (c) => c.incident.id,
  note: (c) => c.incident.note,
  waiting: (c) => c.metrics?.waiting ?? null,
  longestWait: (c) => known(c.metrics?.longestWaitSec, seconds),
  serviceLevel: (c) => known(c.metrics?.windows['15m'].serviceLevel, percentOf),
  abandonRate: (c) => known(c.metrics?.windows['15m'].abandonRate, percentOf),
  ewt: (c) => known(c.metrics?.ewtSec, seconds),
  available: (c) => c.metrics?.agents.available ?? null,
  staffingGap: (c) => known(c.metrics?.staffingGap, signedNumber),
  predicted: (c) => (c.incident.predicted ? words(c).predicted(words(c).level[c.incident.predicted.level], c.incident.predicted.inMin) : null),
  link: (c) => c.link,
  ackCode: (c) => c.ackCode,
};

/** PLACEHOLDER_PATTERN finds `{name}` in a template. */
export const PLACEHOLDER_PATTERN = /\{([^{}\s]*)\}/g;

/** Placeholders that are a sentence said only when there is something to say: absent, they read as nothing. */
const SENTENCES: ReadonlySet<string> = new Set(['predicted']);

/** placeholderValue is a placeholder's text in a context; `—` for a figure not known. */
export function placeholderValue(name: string, ctx: SmsContext): string {
  const value = Object.hasOwn(PLACEHOLDERS, name) ? PLACEHOLDERS[name]?.(ctx) : null;
  if (value === null || value === undefined || value === '') return SENTENCES.has(name) ? '' : '—';
  return String(value);
}

/** templateProblems checks a template's placeholders, each problem as `file:line:col: message`. */
export function templateProblems(text: string, file: string): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    const name = match[1] ?? '';
    if (Object.hasOwn(PLACEHOLDERS, name)) continue;
    const before = text.slice(0, match.index).split('\n');
    const where = `${file}:${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
    problems.push(`${where}: unknown placeholder {${name}}${didYouMean(name, Object.keys(PLACEHOLDERS))} (placeholders: ${Object.keys(PLACEHOLDERS).join(', ')})`);
  }
  if (text.trim() === '') problems.push(`${file}:1:1: empty template`);
  return problems;
}
