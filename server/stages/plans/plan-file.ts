// parsePlanFile reads one plan file (alerts/plans/*.yaml). The format, with every key:
//
//   plans:
//     - name: surge-red                # unique across the plan files; part of every action's key
//       level: red                     # yellow | orange | red | black
//       type: traffic_surge            # only incidents of this type; default any type
//       centres: [hangzhou, shanghai]  # only incidents of these centres (`all`: network-wide ones); default any
//       undo: auto                     # auto | confirm: how the actions are undone when the level falls
//       actions:                       # run in this order; see plan-actions.ts
//         - notify: { group: emergency-echelon, template: level-alert }
//         - activateSeats: { seatType: backup, count: 5 }
//         - reroute: { queue: voice, share: 30%, expiresAfter: 2h, confirm: true }
//
// Problems are reported as `file:line:col: message`, every one of them, as for rule files.
import { isSeq, type Node } from 'yaml';
import type { Config } from '../../config/types.js';
import { ALERT_LEVELS, INCIDENT_TYPES } from '../rules/index.js';
import { parseListFile, type ListFiles } from '../../platform/yaml/list-file.js';
import type { Entry, YamlSource } from '../../platform/yaml/source.js';
import { didYouMean } from '../../platform/yaml/suggest.js';
import { readAction } from './plan-actions.js';
import { ACTION_KINDS, UNDO_MODES, type Plan } from './types.js';
import { oneOf } from './yaml-values.js';

/** LoadedPlans is every plan of some files, or every problem in them as `file:line:col: message`. */
export type LoadedPlans = ListFiles<'plans', Plan>;

const PLAN_KEYS = ['name', 'level', 'type', 'centres', 'undo', 'actions'];
// No `:` — names are part of the `incident:level:plan:index` action keys.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** parsePlanFile checks the plans of one file's text against the config (groups, templates, centres, queues). */
export function parsePlanFile(text: string, file: string, config: Config): LoadedPlans {
  return parseListFile(text, file, 'plan', 'plans', (src, node) => readPlan(src, node, config));
}

function readPlan(src: YamlSource, node: Node, config: Config): Plan | null {
  const entries = src.mapping(node, 'a plan', PLAN_KEYS);
  if (!entries) return null;
  const entry = (key: string): Entry | undefined => entries.find((e) => e.key === key);

  const nameEntry = src.required(node, entries, 'name', 'a plan needs a name');
  const name = nameEntry ? (src.string(nameEntry, 'name')?.value ?? '') : '';
  if (nameEntry && name && !NAME.test(name)) src.report(nameEntry, `plan name "${name}" must be letters, digits, -, _ or . (at most 64)`);
  const levelEntry = src.required(node, entries, 'level', `a plan needs a level: ${ALERT_LEVELS.join(', ')}`);
  const level = (levelEntry && oneOf(src, levelEntry, 'level', ALERT_LEVELS)) || 'yellow';
  const typeEntry = entry('type');
  const type = typeEntry ? oneOf(src, typeEntry, 'incident type', INCIDENT_TYPES, 'types') : null;
  const centresEntry = entry('centres');
  const centres = centresEntry ? readCentres(src, centresEntry, config) : null;
  const undoEntry = entry('undo');
  const undo = (undoEntry && oneOf(src, undoEntry, 'undo', UNDO_MODES, 'undo modes')) || 'auto';

  const actionsEntry = src.required(node, entries, 'actions', `a plan needs actions: a list of ${ACTION_KINDS.join(', ')}`);
  const items = actionsEntry ? (src.list(actionsEntry, 'actions') ?? []) : [];
  if (actionsEntry && isSeq(actionsEntry.value) && items.length === 0) src.report(actionsEntry, 'a plan needs at least one action');
  const actions = items.flatMap((item) => readAction(src, item, { config, centres }) ?? []);
  return { name, level, type, centres, undo, actions, origin: src.whereIs(node) };
}

/** readCentres reads a centre id or a list of them; `all` stands for network-wide incidents. */
function readCentres(src: YamlSource, entry: Entry, config: Config): string[] {
  const known = [...config.centres.map((c) => c.id), 'all'];
  const value = src.valueOf(entry);
  const nodes = isSeq(value) ? (src.list(entry, 'centres') ?? []) : [value ?? entry.keyNode];
  return nodes.flatMap((node) => {
    const id = src.string(node, 'centre')?.value;
    if (id === undefined) return [];
    if (known.includes(id)) return [id];
    src.report(node, `unknown centre "${id}"${didYouMean(id, known)} (centres: ${known.join(', ')})`);
    return [];
  });
}
