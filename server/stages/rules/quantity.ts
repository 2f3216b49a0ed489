/**
 * Quantities as written in rule files, conditions and rule tests: plain numbers (`10`, `-2`,
 * `0.8`), percentages (`80%` → 0.8) and durations (`90s`, `5m`, `1h`, `1h30m`, `2.5m` → seconds).
 */
import { isScalar } from 'yaml';
import type { At, YamlSource } from '../../platform/yaml/source.js';

/** QuantityUnit says how a literal was written, so it can be checked against the metric it is compared with. */
export type QuantityUnit = 'number' | 'percent' | 'duration';

/** Quantity is a literal's value (percentages as fractions, durations in seconds) and how it was written. */
export interface Quantity {
  value: number;
  unit: QuantityUnit;
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const PERCENT = /^(-?\d+(?:\.\d+)?)%$/;
const DURATION = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/;

/** DURATION_HINT ends every message about a malformed duration. */
export const DURATION_HINT = 'write a duration like 90s, 5m or 1h30m';

/** parseDuration reads `90s`, `5m`, `1h30m` as seconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m || text === '') return null;
  const [, h, min, s] = m;
  return Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

/** readDuration reads a YAML value such as 90s or 5m, in seconds; null (reported at the value) otherwise. */
export function readDuration(src: YamlSource, at: At, what: string): number | null {
  const node = src.valueOf(at);
  const seconds = isScalar(node) && typeof node.value === 'string' ? parseDuration(node.value) : null;
  if (seconds === null) src.report(at, `bad duration ${isScalar(node) ? `"${String(node.value)}" ` : ''}for ${what}: ${DURATION_HINT}`);
  return seconds;
}

/** parseQuantity reads a number, percentage or duration; null when the text is none of them. */
export function parseQuantity(text: string): Quantity | null {
  if (NUMBER.test(text)) return { value: Number(text), unit: 'number' };
  const percent = PERCENT.exec(text);
  // Divide rather than multiply by 0.01 so that 80% is exactly 0.8.
  if (percent) return { value: Number(percent[1]) / 100, unit: 'percent' };
  const seconds = parseDuration(text);
  return seconds === null ? null : { value: seconds, unit: 'duration' };
}

/** formatDuration writes seconds back the way rule files do: 90 → `1m30s`, 3600 → `1h`, 0 → `0s`. */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  // Round away binary noise (0.1 + 0.2) without hiding real fractions of a second.
  const s = Math.round((rest - m * 60) * 1000) / 1000;
  const text = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
  return sign + (text || '0s');
}
