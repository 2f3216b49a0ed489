/**
 * A checkpoint is kept in Redis as a hash: one field per leaf of its JSON, named by the leaf's path, so a
 * commit writes only the leaves that changed since the term last checkpointed the centre (#15, item 5).
 * Written whole, a centre's checkpoint was 70–110 KB of JSON at the demo's load, four times a second,
 * though between two checkpoints little but the newest window bucket and a few agents change. Under load
 * it is written whole as one field instead (checkpointWrites).
 *
 * A leaf is a value whose JSON is at most LEAF_BYTES long (or a scalar); a larger object or array is
 * split into its members. The field name is the path as JSON (`["state","buckets",0,1,5]`: a number
 * is an array index, a string an object key), so reading the hash back rebuilds the same JSON value.
 * Arrays that lose their first members (a window's oldest bucket) shift every index after them: those
 * leaves are written again, once a bucket, which is still far less than the whole checkpoint each time.
 */

/** Values whose JSON is at most this long are one field. */
export const LEAF_BYTES = 512;

/** A checkpoint's fields: path (JSON) → the leaf's JSON. */
export type CheckpointFields = Map<string, string>;

type Path = (string | number)[];

/** SPLIT: the value was too long for one field; its members are fields already. */
const SPLIT = Symbol('split');
type Encoded = string | undefined | typeof SPLIT;

/**
 * checkpointFields splits a JSON value (a checkpoint) into its leaves. Built from the leaves up, so each
 * value is turned into JSON about once (splitting from the top down stringified a bucket once per level
 * above it: 2.7–3.0 ms for a demo centre's 111 KB, against 0.4 ms for JSON.stringify; this, 1.1–1.6 ms).
 */
export function checkpointFields(value: unknown): CheckpointFields {
  const fields: CheckpointFields = new Map();
  const text = encode(value, '', fields);
  if (typeof text === 'string') fields.set('[]', text);
  return fields;
}

/** encode gives a value's JSON when it fits one field (undefined for what JSON leaves out), else puts its members in `fields`. */
function encode(value: unknown, path: string, fields: CheckpointFields): Encoded {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  // Most leaves are small records of scalars (a bucket's counters): JSON.stringify does those at once.
  if (scalarsOnly(value)) {
    const text = JSON.stringify(value);
    if (text.length <= LEAF_BYTES) return text;
  }
  // Plain loops: this runs for every value of every checkpoint.
  const prefix = path === '' ? '' : `${path},`;
  const array = Array.isArray(value);
  const keys = array ? undefined : Object.keys(value);
  const count = keys ? keys.length : (value as unknown[]).length;
  const names: string[] = new Array(count);
  const texts: Encoded[] = new Array(count);
  let length = 2;
  for (let i = 0; i < count; i++) {
    names[i] = keys ? JSON.stringify(keys[i]) : String(i);
    const member = keys ? (value as Record<string, unknown>)[keys[i]!] : ((value as unknown[])[i] ?? null);
    const text = (texts[i] = encode(member, prefix + names[i], fields));
    if (text === SPLIT) length = Infinity;
    else if (text !== undefined) length += text.length + 1 + (keys ? names[i]!.length + 1 : 0);
  }
  if (length <= LEAF_BYTES) {
    let joined = '';
    for (let i = 0; i < count; i++) {
      const text = texts[i] as string | undefined;
      if (text !== undefined) joined += `${joined === '' ? '' : ','}${keys ? `${names[i]}:` : ''}${text}`;
    }
    return keys ? `{${joined}}` : `[${joined}]`;
  }
  for (let i = 0; i < count; i++) {
    const text = texts[i];
    if (typeof text === 'string') fields.set(`[${prefix}${names[i]}]`, text);
  }
  return SPLIT;
}

function scalarsOnly(value: object): boolean {
  for (const member of Object.values(value)) if (member !== null && typeof member === 'object') return false;
  return true;
}

/** FieldWrites is what a commit does to a checkpoint's hash: delete it first (`whole`), set fields, delete fields. */
export interface FieldWrites {
  whole: boolean;
  set: [field: string, text: string][];
  remove: string[];
}

/**
 * HeldCheckpoint is what a term knows of a centre's checkpoint hash once committed: the centre's events applied
 * then, and the checkpoint's fields when the hash holds them one by one.
 */
export interface HeldCheckpoint {
  applied: number;
  fields?: CheckpointFields;
}

/** More events than this since a centre's last checkpoint: it is written whole (much has changed). */
export const BUSY_EVENTS = 100;

/**
 * checkpointWrites gives the writes that put `value` (a checkpoint of a centre that has applied `applied` events)
 * in its hash, and what the hash then holds.
 * - Busy (more than BUSY_EVENTS events since the last checkpoint), or nothing known of the hash (the term's first
 *   checkpoint, or after a failed commit): the whole value as one field `[]`, as cheap for Redis as the single
 *   string it was before. Under load most of a checkpoint changes, and its thousand small fields cost Redis more
 *   than their bytes (measured, #15): so the value is not split at all then.
 * - Quiet, the hash holding one field: every field.
 * - Quiet, the hash holding the last checkpoint's fields: only those that changed, and those gone deleted.
 * Written whole, the hash is deleted first: no field of an earlier term survives.
 */
export function checkpointWrites(held: HeldCheckpoint | undefined, value: unknown, applied: number): { writes: FieldWrites; held: HeldCheckpoint } {
  if (held === undefined || applied - held.applied > BUSY_EVENTS) return { writes: { whole: true, set: [['[]', JSON.stringify(value)]], remove: [] }, held: { applied } };
  const fields = checkpointFields(value);
  if (held.fields === undefined) return { writes: { whole: true, set: [...fields], remove: [] }, held: { applied, fields } };
  const set: [string, string][] = [];
  for (const [field, text] of fields) if (held.fields.get(field) !== text) set.push([field, text]);
  const remove = [...held.fields.keys()].filter((field) => !fields.has(field));
  return { writes: { whole: false, set, remove }, held: { applied, fields } };
}

/** fromFields rebuilds the JSON value a hash of checkpoint fields holds; throws on a hash no checkpoint left. */
export function fromFields(hash: Record<string, string>): unknown {
  const holder: Record<string, unknown> = {};
  for (const [field, text] of Object.entries(hash)) {
    const path = JSON.parse(field) as Path;
    let parent: object = holder;
    let key: string | number = 'root';
    for (const step of path) {
      if (member(parent, key) === undefined) setMember(parent, key, typeof step === 'number' ? [] : {});
      const container = member(parent, key);
      if (typeof container !== 'object' || container === null || Array.isArray(container) !== (typeof step === 'number')) throw new Error(`checkpoint field ${field} does not fit the fields before it`);
      parent = container;
      key = step;
    }
    if (member(parent, key) !== undefined) throw new Error(`checkpoint field ${field} is held twice`);
    setMember(parent, key, JSON.parse(text) as unknown);
  }
  for (const array of arrays(holder.root)) if (Object.keys(array).length !== array.length) throw new Error('checkpoint fields leave a gap in an array');
  return holder.root;
}

// Own members only, as JSON.parse makes them: a key such as "__proto__" is data, never the prototype.
const member = (container: object, key: string | number): unknown => (Object.hasOwn(container, key) ? (container as Record<string | number, unknown>)[key] : undefined);
const setMember = (container: object, key: string | number, value: unknown) => Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });

/** arrays lists every array inside a value (a missing member of a split array would leave a hole). */
function* arrays(value: unknown): Generator<unknown[]> {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) yield value;
  for (const member of Object.values(value)) yield* arrays(member);
}
