/**
 * deltaTexts writes one push's delta for a topic as message texts of at most `limit` bytes each,
 * split by scope: a wall is never sent more in one turn than uWS' shared buffer holds (fragments.ts).
 * Each text is applied like any delta and gets its own seq when published; a scope larger than the
 * limit goes alone. The texts leave room for the seq the hub appends (`sequenced` in live.ts).
 */
import { TURN_BYTES } from './fragments.js';

/** What `,"seq":<n>` adds to a text when it is published. */
export const SEQ_BYTES = 24;

type Field = 'scopes' | 'patch';
const FIELDS: Field[] = ['scopes', 'patch'];
/** `"scopes":{}` and `"patch":{}` with their commas. */
const WRAPPERS = 24;

/** A delta's body: whole figures of some scopes, changed fields of others. */
export type DeltaBody = Partial<Record<Field, Record<string, unknown>>>;

export function deltaTexts(head: Record<string, unknown>, body: DeltaBody, limit = TURN_BYTES): string[] {
  const open = JSON.stringify(head).slice(0, -1);
  const base = Buffer.byteLength(open) + WRAPPERS + SEQ_BYTES;
  const texts: string[] = [];
  let part: { field: Field; text: string }[] = [];
  let bytes = base;
  for (const field of FIELDS) {
    for (const [scope, value] of Object.entries(body[field] ?? {})) {
      const text = `${JSON.stringify(scope)}:${JSON.stringify(value)}`;
      const more = Buffer.byteLength(text) + 1;
      if (part.length > 0 && bytes + more > limit) {
        texts.push(assemble(open, part));
        [part, bytes] = [[], base];
      }
      part.push({ field, text });
      bytes += more;
    }
  }
  if (part.length > 0) texts.push(assemble(open, part));
  return texts;
}

function assemble(open: string, part: { field: Field; text: string }[]): string {
  const fields = FIELDS.flatMap((field) => {
    const entries = part.filter((e) => e.field === field).map((e) => e.text);
    return entries.length > 0 ? [`"${field}":{${entries.join(',')}}`] : [];
  });
  return `${open},${fields.join(',')}}`;
}
