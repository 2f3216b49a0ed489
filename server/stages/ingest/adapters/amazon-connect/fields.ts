/**
 * Field access for Amazon Connect's JSON. Its documentation shows the same contact event
 * both in camelCase (`eventType`, `queueInfo`) and in PascalCase (`EventType`,
 * `QueueInfo`), so every read accepts either spelling.
 */
import { parseTimestamp } from '../../validate.js';

/** A JSON object as parsed, not yet trusted. */
export type Json = Record<string, unknown>;

/** isObject tells a JSON object from arrays, null and scalars. */
export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** field reads `name` as given, or with its first letter's case flipped (own properties only, never Object's). */
export function field(o: Json | undefined, name: string): unknown {
  if (!o) return undefined;
  const own = (key: string) => (Object.hasOwn(o, key) ? o[key] : undefined);
  const value = own(name);
  if (value !== undefined) return value;
  const first = name.charAt(0);
  return own((first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase()) + name.slice(1));
}

/** text reads a non-empty string field (either spelling). */
export function text(o: Json | undefined, name: string): string | undefined {
  const v = field(o, name);
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** child reads an object field (either spelling). */
export function child(o: Json | undefined, name: string): Json | undefined {
  const v = field(o, name);
  return isObject(v) ? v : undefined;
}

/** list reads the objects of an array field (either spelling); anything else is an empty list. */
export function list(o: Json | undefined, name: string): Json[] {
  const v = field(o, name);
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** time reads an ISO-8601 timestamp as epoch ms. */
export function time(o: Json | undefined, name: string): number | undefined {
  return parseTimestamp(field(o, name));
}

/** lastSegment is the id at the end of an ARN (`…/agent/<id>` → `<id>`). */
export function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1) || arn;
}

/** instanceOf is the instance ARN part of any Connect ARN (`…:instance/<id>/queue/…` → `…:instance/<id>`). */
export function instanceOf(arn: string | undefined): string | undefined {
  const match = arn === undefined ? null : /^(.*?:instance\/[^/]+)/.exec(arn);
  return match?.[1];
}
