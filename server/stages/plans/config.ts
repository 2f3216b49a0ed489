/**
 * parseAlerting reads the config sections the contingency plans use — who gets SMS, in which
 * escalation groups, who stands by for which seats, how alerts repeat and escalate, and where
 * plans and SMS templates live — recording each problem with its path, so boot names the line:
 *
 *   contacts: [{ id, name, phone }]          phone E.164: "+8613800000001"
 *   groups:   { <group>: [contact ids…] }   first contact first
 *   rosters:  { <centre>: { home|backup|phone_im: [contact ids…] } }
 *   notify:   { repeatEverySec: 300, escalateAfterSec: 600 }
 *   plans:    { dir: alerts/plans, templates: alerts/templates }
 */
import { MappingReader } from '../ingest/adapters/mapping-reader.js';
import type { Problems } from '../../config/check.js';
import type { CentreConfig } from '../../config/types.js';
import { didYouMean } from '../rules/suggest.js';
import { readTemplates } from './templates.js';
import { STANDBY_SEAT_TYPES, type Contact, type NotifyPolicy, type StandbySeatType } from './types.js';

/** Roster: a centre's standby people per seat type, called in this order. */
export type Roster = Record<StandbySeatType, string[]>;

export interface PlansConfig {
  /** Folder of the plan files (*.yaml). */
  dir: string;
  /** Folder of the SMS templates (*.txt), read with the config. */
  templatesDir: string;
  /** Template name (file name without .txt) → text. */
  templates: Record<string, string>;
}

/** AlertingConfig: the parts of Config that contingency plans read. */
export interface AlertingConfig {
  contacts: Contact[];
  /** Escalation groups: contact ids, first contact first. */
  groups: Record<string, string[]>;
  /** Centre id → its standby roster (centres without one have empty lists). */
  rosters: Record<string, Roster>;
  notify: NotifyPolicy;
  plans: PlansConfig;
}

type Path = (string | number)[];
type Obj = Record<string, unknown>;

/** E164: "+", a country code and the number, 7 to 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** parseAlerting reads contacts, groups, rosters, notify and plans from the config's top level. */
export function parseAlerting(root: Obj, centres: CentreConfig[], p: Problems): AlertingConfig {
  const r = new MappingReader(p, centres, {});
  const contacts = readContacts(r, root.contacts);
  const ids = contacts.map((c) => c.id);
  const groups = readGroups(r, root.groups, ids);
  const rosters = readRosters(r, root.rosters, centres, ids);
  const notify = r.obj(root.notify, ['notify']);
  onlyKeys(r, notify, ['notify'], ['repeatEverySec', 'escalateAfterSec']);
  const plans = r.obj(root.plans, ['plans']);
  onlyKeys(r, plans, ['plans'], ['dir', 'templates']);
  const templatesDir = r.optionalStr(plans, ['plans', 'templates']) ?? 'alerts/templates';
  return {
    contacts,
    groups,
    rosters,
    notify: {
      repeatEverySec: r.int(notify, ['notify', 'repeatEverySec'], 300, 30, 86_400),
      escalateAfterSec: r.int(notify, ['notify', 'escalateAfterSec'], 600, 30, 86_400),
    },
    plans: { dir: r.optionalStr(plans, ['plans', 'dir']) ?? 'alerts/plans', templatesDir, templates: readTemplates(templatesDir, p) },
  };
}

/** groupContacts is a group's members in escalation order (empty for an unknown group). */
export function groupContacts(config: AlertingConfig, group: string): Contact[] {
  return resolve(config, Object.hasOwn(config.groups, group) ? (config.groups[group] ?? []) : []);
}

/** rosterContacts is a centre's standby people for a seat type, in call-in order. */
export function rosterContacts(config: AlertingConfig, centre: string, seatType: StandbySeatType): Contact[] {
  return resolve(config, Object.hasOwn(config.rosters, centre) ? (config.rosters[centre]?.[seatType] ?? []) : []);
}

function resolve(config: AlertingConfig, ids: readonly string[]): Contact[] {
  return ids.flatMap((id) => config.contacts.find((c) => c.id === id) ?? []);
}

function emptyRoster(): Roster {
  return { home: [], backup: [], phone_im: [] };
}

function readContacts(r: MappingReader, v: unknown): Contact[] {
  const read = list(r, v, ['contacts']).map((c, i) => readContact(r, c, ['contacts', i]));
  read.forEach((c, i) => {
    if (c && read.findIndex((o) => o?.id === c.id) !== i) r.problem(['contacts', i, 'id'], `duplicate contact id "${c.id}"`);
  });
  return read.filter((c) => c !== null);
}

function readGroups(r: MappingReader, v: unknown, ids: readonly string[]): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const [name, members] of Object.entries(r.obj(v, ['groups']))) {
    if (!ID.test(name)) r.problem(['groups', name], `group name "${name}" must be lower-case letters, digits, - or _`);
    if (Array.isArray(members) && members.length === 0) r.problem(['groups', name], 'a group needs at least one contact');
    groups[name] = contactIds(r, members, ['groups', name], ids);
  }
  return groups;
}

/** readRosters gives every configured centre a roster, empty unless the config fills it. */
function readRosters(r: MappingReader, v: unknown, centres: CentreConfig[], ids: readonly string[]): Record<string, Roster> {
  const rosters: Record<string, Roster> = Object.fromEntries(centres.map((c) => [c.id, emptyRoster()]));
  for (const [centre, seats] of Object.entries(r.obj(v, ['rosters']))) {
    const roster = (r.centre(centre, ['rosters', centre]) && rosters[centre]) || emptyRoster();
    for (const [seat, members] of Object.entries(r.obj(seats, ['rosters', centre]))) {
      const path = ['rosters', centre, seat];
      if ((STANDBY_SEAT_TYPES as readonly string[]).includes(seat)) roster[seat as StandbySeatType] = contactIds(r, members, path, ids);
      else r.problem(path, `unknown seat type "${seat}"${didYouMean(seat, STANDBY_SEAT_TYPES)} (standby seats: ${STANDBY_SEAT_TYPES.join(', ')})`);
    }
  }
  return rosters;
}

function readContact(r: MappingReader, v: unknown, path: Path): Contact | null {
  const o = r.obj(v, path);
  onlyKeys(r, o, path, ['id', 'name', 'phone']);
  const id = r.optionalStr(o, [...path, 'id']);
  if (id === undefined) r.problem(path, 'a contact needs an id');
  else if (!ID.test(id)) r.problem([...path, 'id'], `"${id}" must be lower-case letters, digits, - or _ (at most 64)`);
  // A bad number still leaves a known id, so groups naming the contact do not fail as well.
  const phone = readPhone(r, o.phone, path) ?? '';
  return id === undefined ? null : { id, name: r.optionalStr(o, [...path, 'name']) ?? id, phone };
}

function readPhone(r: MappingReader, v: unknown, contactPath: Path): string | undefined {
  const path = [...contactPath, 'phone'];
  if (v === undefined || v === null) r.problem(contactPath, 'a contact needs a phone number');
  // YAML reads an unquoted +8613800000001 as a plain number, losing the "+" (and any leading zero).
  else if (typeof v === 'number') r.problem(path, 'must be quoted text, e.g. "+8613800000001" (unquoted, YAML reads it as a number)');
  else if (typeof v !== 'string' || !E164.test(v)) r.problem(path, `${JSON.stringify(v)} is not an E.164 number: "+", country code and number, 7–15 digits, no spaces (e.g. "+8613800000001")`);
  else return v;
  return undefined;
}

/** contactIds reads a list of contact ids, each one known and listed once. */
function contactIds(r: MappingReader, v: unknown, path: Path, known: readonly string[]): string[] {
  const out: string[] = [];
  list(r, v, path).forEach((id, i) => {
    if (typeof id !== 'string' || !known.includes(id)) r.problem([...path, i], `unknown contact "${String(id)}"${typeof id === 'string' ? didYouMean(id, known) : ''}`);
    else if (out.includes(id)) r.problem([...path, i], `contact "${id}" is listed twice`);
    else out.push(id);
  });
  return out;
}

function list(r: MappingReader, v: unknown, path: Path): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  r.problem(path, 'must be a list');
  return [];
}

function onlyKeys(r: MappingReader, o: Obj, path: Path, keys: readonly string[]): void {
  for (const key of Object.keys(o)) if (!keys.includes(key)) r.problem([...path, key], `unknown key${didYouMean(key, keys)} (${keys.join(', ')})`);
}
