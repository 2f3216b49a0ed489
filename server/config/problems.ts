/**
 * checkYaml validates a YAML document's values against a zod schema and words every problem
 * as `file:line:col: key: message`, in file order and each once: an unknown key at the key, with the nearest
 * known key ("did you mean …?"); a wrong value at the value; a missing key at its mapping.
 */
import type { z } from 'zod';
import type { YamlSource, Path } from '../platform/yaml/source.js';
import { knownKeys } from '../platform/yaml/suggest.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** checkYaml parses `data`, the document's values, with `schema`. */
export function checkYaml<S extends z.ZodType>(schema: S, src: YamlSource, data: unknown): Checked<z.output<S>> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const found = result.error.issues.flatMap((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt(schema, path);
      return issue.keys.map((key) => problem(src, [...path, key], `unknown key${knownKeys(key, allowed)}`, true));
    }
    // Our own checks (`custom`) report at a path of their choosing; any other issue without a value is a missing key.
    const missing = issue.code !== 'custom' && issue.input === undefined;
    return [problem(src, path, missing ? 'is required' : issue.message)];
  });
  return { ok: false, problems: [...new Set(found.sort((a, b) => a.offset - b.offset).map((p) => p.text))] };
}

/**
 * formatPath writes a path as a person reads it: `centres[0].queues[1].media`, `(top)` for the
 * document. A key that is not a plain word (spaces, control characters, punctuation) is quoted
 * and escaped, `["\u000b# note"]`, so a message never carries raw control characters.
 */
export function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : !PLAIN_KEY.test(p) ? `[${JSON.stringify(p)}]` : i === 0 ? p : `.${p}`)).join('') || '(top)';
}

const PLAIN_KEY = /^[A-Za-z0-9_$@-][\w$@+-]*$/;

function problem(src: YamlSource, path: Path, message: string, atKey = false): { offset: number; text: string } {
  const offset = src.offsetAt(path, atKey);
  return { offset, text: `${src.where(offset)}: ${formatPath(path)}: ${message}` };
}

/** The parts of a zod schema's definition that lead from a mapping to the schemas of its values. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** keysAt lists the keys the mapping at `path` allows, following the schema down through lists, maps and wrappers. */
function keysAt(schema: z.ZodType, path: Path): string[] {
  let def: Def | undefined = unwrap(schema);
  for (const step of path) {
    const next: z.ZodType | undefined =
      def.type === 'object' ? (def.shape?.[String(step)] ?? def.catchall) : def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : undefined;
    if (!next) return [];
    def = unwrap(next);
  }
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

/** unwrap sees through optional, default and the like, and through transforms to the schema that reads the input. */
function unwrap(schema: z.ZodType): Def {
  let def = defOf(schema);
  for (;;) {
    if (def.innerType) def = defOf(def.innerType);
    // `.transform()` pipes the schema into a transform; `z.preprocess()` pipes a transform into the schema.
    else if (def.type === 'pipe' && def.in && def.out) def = defOf(defOf(def.in).type === 'transform' ? def.out : def.in);
    else return def;
  }
}
