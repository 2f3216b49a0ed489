/**
 * The config sections the contingency plans use — who gets SMS, in which escalation groups,
 * who stands by for which seats, how alerts repeat and escalate, and where plans and SMS
 * templates live:
 *
 *   contacts: [{ id, name, phone }]          phone E.164: "+8613800000001"
 *   groups:   { <group>: [contact ids…] }   first contact first; or { locale: zh, contacts: [ids…] }
 *             (the group's SMS in that language; default the config's `locale`)
 *   rosters:  { <centre>: { home|backup|phone_im: [contact ids…] } }
 *   notify:   { repeatEverySec: 300, escalateAfterSec: 600 }
 *   plans:    { dir: alerts/plans, templates: alerts/templates }
 */
import { z } from 'zod';
import { centreProblem, type ConfigContext } from '../../config/context.js';
import { always, ID, id, list, mapping, oneOf, section, text, wholeNumber, type Issues, type Loose } from '../../config/fields.js';
import { LOCALES, type Locale } from '../../config/locales.js';
import { didYouMean } from '../../platform/yaml/suggest.js';
import type { Contact, NotifyPolicy, StandbySeatType } from './types.js';

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
  /** The language of a group's SMS, where the config sets one (else the config's `locale`). */
  groupLocales: Record<string, Locale>;
  /** Centre id → its standby roster (centres without one have empty lists). */
  rosters: Record<string, Roster>;
  notify: NotifyPolicy;
  plans: PlansConfig;
}

/** E164: "+", a country code and the number, 7 to 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;
const E164_HINT = 'is not an E.164 number: "+", country code and number, 7–15 digits, no spaces (e.g. "+8613800000001")';

const contactSchema = section({
  id: id(),
  name: text().optional(),
  phone: z.string({
    // YAML reads an unquoted +8613800000001 as a plain number, losing the "+" (and any leading zero).
    error: (iss) => (typeof iss.input === 'number' ? 'must be quoted text, e.g. "+8613800000001" (unquoted, YAML reads it as a number)' : `${JSON.stringify(iss.input)} ${E164_HINT}`),
  }).regex(E164, { error: (iss) => `${JSON.stringify(iss.input)} ${E164_HINT}` }),
}).transform((c): Contact => ({ id: c.id, name: c.name ?? c.id, phone: c.phone }));

const contactIds = list(z.string({ error: 'must be a contact id' }));
const groupMembers = contactIds.min(1, { error: 'a group needs at least one contact' });
/** A group is its contacts, or its contacts and the language of its SMS. */
const groupSchema = z.union([groupMembers, section({ locale: oneOf(LOCALES), contacts: groupMembers })], {
  error: 'must be a list of contact ids, or { locale: zh, contacts: [ids…] }',
});
const rosterSchema = section({ home: contactIds.default([]), backup: contactIds.default([]), phone_im: contactIds.default([]) });

/** alertingShape is the top-level keys contingency plans read: contacts, groups, rosters, notify and plans. */
export function alertingShape(ctx: ConfigContext) {
  return {
    contacts: list(contactSchema)
      .default([])
      .superRefine((contacts: unknown, issues) => {
        if (!Array.isArray(contacts)) return;
        const ids = contacts.map((c) => (c as Loose | null)?.id);
        ids.forEach((id, i) => {
          if (typeof id === 'string' && ids.indexOf(id) !== i) issues.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate contact id "${id}"` });
        });
      }, always),
    groups: mapping(groupSchema)
      .default({})
      .superRefine((groups, issues) => {
        for (const name of Object.keys(groups)) if (!ID.test(name)) issues.addIssue({ code: 'custom', path: [name], message: `group name "${name}" must be lower-case letters, digits, - or _` });
      })
      // Apart: the members (what escalation reads) and the languages set.
      .transform((groups) => ({
        members: Object.fromEntries(Object.entries(groups).map(([name, g]) => [name, Array.isArray(g) ? g : g.contacts])),
        locales: Object.fromEntries(Object.entries(groups).flatMap(([name, g]) => (Array.isArray(g) ? [] : [[name, g.locale]]))) as Record<string, Locale>,
      })),
    rosters: mapping(rosterSchema).default({}).superRefine((rosters, issues) => {
      for (const centre of Object.keys(rosters)) {
        const problem = centreProblem(centre, ctx);
        if (problem) issues.addIssue({ code: 'custom', path: [centre], message: problem });
      }
    }),
    notify: section({ repeatEverySec: wholeNumber(30, 86_400).default(300), escalateAfterSec: wholeNumber(30, 86_400).default(600) }).prefault({}),
    plans: section({ dir: text().default('alerts/plans'), templates: text().default('alerts/templates') })
      // The templates are read from disk by the caller (loadConfig), with the config's other files.
      .transform((p): PlansConfig => ({ dir: p.dir, templatesDir: p.templates, templates: {} }))
      .prefault({}),
  };
}

/** checkContactRefs checks that groups and rosters name known contacts, each once; it runs even when other sections are wrong. */
export function checkContactRefs(root: Loose, issues: Issues): void {
  const known = (Array.isArray(root.contacts) ? root.contacts : []).flatMap((c: Loose) => (typeof c?.id === 'string' ? [c.id] : []));
  const check = (ids: unknown, path: (string | number)[]) => {
    if (!Array.isArray(ids)) return;
    ids.forEach((id, i) => {
      if (typeof id !== 'string') return;
      if (!known.includes(id)) issues.addIssue({ code: 'custom', path: [...path, i], message: `unknown contact "${id}"${didYouMean(id, known)}` });
      else if (ids.indexOf(id) !== i) issues.addIssue({ code: 'custom', path: [...path, i], message: `contact "${id}" is listed twice` });
    });
  };
  for (const [name, group] of entries(root.groups)) {
    if (Array.isArray(group)) check(group, ['groups', name]);
    else check((group as Loose | null)?.contacts, ['groups', name, 'contacts']);
  }
  for (const [centre, roster] of entries(root.rosters)) for (const [seat, ids] of entries(roster)) check(ids, ['rosters', centre, seat]);
}

/** withRosters gives every configured centre a roster, empty unless the config fills it. */
export function withRosters(rosters: Record<string, Partial<Roster>>, centres: readonly { id: string }[]): Record<string, Roster> {
  return Object.fromEntries(centres.map((c) => [c.id, { ...emptyRoster(), ...rosters[c.id] }]));
}

function entries(v: unknown): [string, unknown][] {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.entries(v) : [];
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
