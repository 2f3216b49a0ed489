/**
 * Typed values of plan files read through the rules' YamlSource (which already does mappings,
 * lists, text and durations): a choice among names, a whole number, true/false and a
 * percentage. Each reports at the value, as `file:line:col: message`, and gives null.
 */
import { isScalar } from 'yaml';
import { parseQuantity } from '../rules/quantity.js';
import { didYouMean } from '../../platform/yaml/suggest.js';
import type { At, YamlSource } from '../../platform/yaml/source.js';

/** oneOf reads one of `values`: `unknown level "amber" (levels: yellow, orange, red, black)`. */
export function oneOf<T extends string>(src: YamlSource, at: At, what: string, values: readonly T[], plural = `${what}s`): T | null {
  const text = src.string(at, what)?.value;
  if (text === undefined) return null;
  if ((values as readonly string[]).includes(text)) return text as T;
  src.report(at, `unknown ${what} "${text}"${didYouMean(text, values)} (${plural}: ${values.join(', ')})`);
  return null;
}

/** wholeNumber reads an integer from `min` to `max`. */
export function wholeNumber(src: YamlSource, at: At, what: string, min: number, max: number): number | null {
  const node = src.valueOf(at);
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  src.report(at, `${what} must be a whole number from ${min} to ${max}`);
  return null;
}

/** flag reads true or false. */
export function flag(src: YamlSource, at: At, what: string): boolean | null {
  const node = src.valueOf(at);
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  src.report(at, `${what} must be true or false`);
  return null;
}

/** percentage reads `30%` as 0.3: above 0 %, at most 100 %. */
export function percentage(src: YamlSource, at: At, what: string): number | null {
  const node = src.valueOf(at);
  const quantity = isScalar(node) && typeof node.value === 'string' ? parseQuantity(node.value) : null;
  if (quantity?.unit === 'percent' && quantity.value > 0 && quantity.value <= 1) return quantity.value;
  src.report(at, `${what} must be a percentage above 0% and at most 100%, like 30%`);
  return null;
}
