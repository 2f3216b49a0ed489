// readAction reads one item of a plan's `actions:` list — exactly one of:
//
//   - notify: { group: duty-managers, template: level-alert }
//   - activateSeats: { seatType: home, count: auto, max: 10, template: seat-callout }   # count: N or auto
//   - reroute: { queue: voice, share: 30%, expiresAfter: 2h }                           # or media: voice
//   - banner: { text: "Hangzhou at YELLOW: extra staff called" }
//   - announce: { message: outage-apology, offer: callback, queues: [voice] }       # offer: callback | self-service-sms | none
//   - remind: { list: outage-customers, template: service-reminder }
//
// Any action may add `confirm: true` to wait for the dispatcher before it runs. Groups,
// templates, seat types, queues, media, customer lists and the IVR's self-service link are
// checked against the config.
import { templateNames } from './templates.js';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Config } from '../../config/types.js';
import { MEDIA } from '../ingest/contract.js';
import { readDuration } from '../rules/quantity.js';
import { didYouMean } from '../../platform/yaml/suggest.js';
import type { At, Entry, YamlSource } from '../../platform/yaml/source.js';
import { ACTION_KINDS, ANNOUNCE_OFFERS, STANDBY_SEAT_TYPES, type ActionSpec, type PlanAction, type RerouteSpec } from './types.js';
import { flag, oneOf, percentage, wholeNumber } from './yaml-values.js';

/** DEFAULT_SEAT_TEMPLATE is the SMS a standby person gets when `activateSeats` names no template. */
export const DEFAULT_SEAT_TEMPLATE = 'seat-callout';
const MAX_SEATS = 1000;
const MAX_BANNER_CHARS = 160;

/** PlanScope is what an action is checked against: the config and the centres its plan is for (null: any). */
export interface PlanScope {
  config: Config;
  centres: string[] | null;
}

/** readAction reads one action; null (reported) when it is not one. */
export function readAction(src: YamlSource, node: Node, scope: PlanScope): PlanAction | null {
  const entries = src.mapping(node, 'an action', ACTION_KINDS);
  if (!entries) return null;
  const [first, second] = entries;
  // A misspelt kind (`bannr:`) has been reported as an unknown key already.
  if (!first) return isMap(node) && node.items.length > 0 ? null : fail(src, node, `an action needs one of: ${ACTION_KINDS.join(', ')}`);
  const action = readKind(src, first, scope);
  if (second) src.report(second.keyNode, `one action per list item: start "${second.key}" on its own "- " line`);
  return action;
}

function readKind(src: YamlSource, kind: Entry, scope: PlanScope): PlanAction | null {
  const fields = src.mapping(kind, kind.key, KEYS[kind.key as keyof typeof KEYS]);
  if (!fields) return null;
  const field = (key: string) => fields.find((e) => e.key === key);
  const need = (key: string) => src.required(kind.value ?? kind.keyNode, fields, key, `${kind.key} needs ${key}`);
  const confirmEntry = field('confirm');
  const confirm = (confirmEntry ? flag(src, confirmEntry, 'confirm') : false) ?? false;
  const action = READERS[kind.key as keyof typeof READERS]({ src, action: kind, field, need, scope });
  return action && { ...action, confirm };
}

const KEYS = {
  notify: ['group', 'template', 'confirm'],
  activateSeats: ['seatType', 'count', 'max', 'template', 'confirm'],
  reroute: ['queue', 'media', 'share', 'expiresAfter', 'confirm'],
  banner: ['text', 'confirm'],
  announce: ['message', 'offer', 'queues', 'confirm'],
  remind: ['list', 'template', 'confirm'],
} as const;

interface Fields {
  src: YamlSource;
  action: Entry;
  field: (key: string) => Entry | undefined;
  need: (key: string) => Entry | undefined;
  scope: PlanScope;
}

const READERS: Record<keyof typeof KEYS, (f: Fields) => ActionSpec | null> = {
  notify({ src, need, scope }) {
    const groupEntry = need('group');
    const group = groupEntry ? src.string(groupEntry, 'group')?.value : undefined;
    if (groupEntry && group !== undefined && !Object.hasOwn(scope.config.groups, group)) {
      const groups = Object.keys(scope.config.groups);
      src.report(groupEntry, `unknown group "${group}"${didYouMean(group, groups)} (groups: ${groups.join(', ') || 'none configured'})`);
    }
    const templateEntry = need('template');
    const template = templateEntry ? templateRef(src, templateEntry, scope.config) : null;
    return group === undefined || template === null ? null : { kind: 'notify', spec: { group, template } };
  },

  activateSeats({ src, action, field, need, scope }) {
    refuseNetworkWide(src, action, scope);
    const seatEntry = need('seatType');
    const seatType = seatEntry ? oneOf(src, seatEntry, 'seat type', STANDBY_SEAT_TYPES, 'standby seats') : null;
    const countEntry = need('count');
    const countNode = countEntry ? src.valueOf(countEntry) : null;
    const count = isScalar(countNode) && countNode.value === 'auto' ? 'auto' : countEntry ? wholeNumber(src, countEntry, 'count (or auto)', 1, MAX_SEATS) : null;
    const maxEntry = field('max');
    const max = maxEntry ? wholeNumber(src, maxEntry, 'max', 1, MAX_SEATS) : null;
    if (maxEntry && typeof count === 'number') src.report(maxEntry.keyNode, 'max only applies to count: auto');
    const templateEntry = field('template');
    const template = templateEntry ? templateRef(src, templateEntry, scope.config) : DEFAULT_SEAT_TEMPLATE;
    if (!templateEntry && !Object.hasOwn(scope.config.plans.templates, DEFAULT_SEAT_TEMPLATE)) {
      src.report(action.keyNode, `activateSeats needs a template: there is no "${DEFAULT_SEAT_TEMPLATE}" in ${scope.config.plans.templatesDir}`);
    }
    return seatType === null || count === null || template === null ? null : { kind: 'activateSeats', spec: { seatType, count, max, template } };
  },

  reroute({ src, action, field, need, scope }) {
    refuseNetworkWide(src, action, scope);
    const [queueEntry, mediaEntry] = [field('queue'), field('media')];
    if (queueEntry && mediaEntry) src.report(mediaEntry.keyNode, 'reroute takes a queue or a media, not both');
    if (!queueEntry && !mediaEntry) src.report(action.value ?? action.keyNode, 'reroute needs a queue (e.g. queue: voice) or a media (e.g. media: chat)');
    const queue = queueEntry ? queueRef(src, queueEntry, scope) : null;
    const media = mediaEntry ? oneOf(src, mediaEntry, 'media', MEDIA, 'media') : null;
    const shareEntry = need('share');
    const share = shareEntry ? percentage(src, shareEntry, 'share') : null;
    const expiresEntry = field('expiresAfter');
    const expiresAfterSec = expiresEntry ? readDuration(src, expiresEntry, 'expiresAfter') : null;
    if (expiresEntry && expiresAfterSec === 0) src.report(expiresEntry, 'expiresAfter must be longer than 0s (leave it out to keep the routing until undone)');
    if (share === null) return null;
    const target: RerouteSpec | null = queue !== null ? { queue, share, expiresAfterSec } : media !== null ? { media, share, expiresAfterSec } : null;
    return target && { kind: 'reroute', spec: target };
  },

  banner({ src, need }) {
    const textEntry = need('text');
    const text = textEntry ? src.string(textEntry, 'banner text')?.value : undefined;
    if (textEntry && text !== undefined && text.length > MAX_BANNER_CHARS) src.report(textEntry, `banner text must be at most ${MAX_BANNER_CHARS} characters (it has ${text.length}): a wallboard is read from 10 m`);
    return text === undefined ? null : { kind: 'banner', spec: { text } };
  },

  announce({ src, action, field, need, scope }) {
    refuseNetworkWide(src, action, scope);
    const messageEntry = need('message');
    const message = messageEntry ? templateRef(src, messageEntry, scope.config) : null;
    const offerEntry = field('offer');
    const offer = offerEntry ? oneOf(src, offerEntry, 'offer', ANNOUNCE_OFFERS) : 'none';
    if (offerEntry && offer === 'self-service-sms' && !scope.config.ivr?.selfServiceUrl) src.report(offerEntry, 'offer: self-service-sms needs ivr.selfServiceUrl in the config (the link callers are texted)');
    const queuesEntry = field('queues');
    const queueNodes = queuesEntry ? (src.list(queuesEntry, 'queues') ?? []) : [];
    if (queuesEntry && isSeq(queuesEntry.value) && queueNodes.length === 0) src.report(queuesEntry, 'queues must name at least one queue (leave it out for every queue of the centre)');
    const queues = queueNodes.map((node) => queueRef(src, node, scope));
    if (message === null || offer === null || queues.includes(null)) return null;
    return { kind: 'announce', spec: { message, offer, queues: queuesEntry ? (queues as string[]) : null } };
  },

  remind({ src, need, scope }) {
    const listEntry = need('list');
    const list = listEntry ? listRef(src, listEntry, scope.config) : null;
    const templateEntry = need('template');
    const template = templateEntry ? templateRef(src, templateEntry, scope.config) : null;
    return list === null || template === null ? null : { kind: 'remind', spec: { list, template } };
  },
};

/** listRef reads the name of a customer list of `remind.lists` (read with the config). */
function listRef(src: YamlSource, at: At, config: Config): string | null {
  const name = src.string(at, 'list')?.value;
  if (name === undefined) return null;
  const names = Object.keys(config.remind.lists);
  if (names.includes(name)) return name;
  const where = names.length > 0 ? `lists in ${config.remind.listsDir}: ${names.join(', ')}` : `no lists in ${config.remind.listsDir}`;
  return fail(src, at, `unknown customer list "${name}"${didYouMean(name, names)} (${where})`);
}

/** templateRef reads the name of an SMS template that exists. */
function templateRef(src: YamlSource, at: At, config: Config): string | null {
  const name = src.string(at, 'template')?.value;
  if (name === undefined) return null;
  // Plans name a template; its language variants (`<name>.zh`) are picked per group when sending.
  const names = templateNames(config.plans.templates);
  if (names.includes(name)) return name;
  const where = names.length > 0 ? `templates in ${config.plans.templatesDir}: ${names.join(', ')}` : `no templates in ${config.plans.templatesDir}`;
  return fail(src, at, `unknown template "${name}"${didYouMean(name, names)} (${where})`);
}

/** queueRef reads a queue id that the plan's centres (or, for a plan of any centre, some centre) have. */
function queueRef(src: YamlSource, at: At, scope: PlanScope): string | null {
  const id = src.string(at, 'queue')?.value;
  if (id === undefined) return null;
  const centres = scope.config.centres.filter((c) => scope.centres === null || scope.centres.includes(c.id));
  const ids = [...new Set(centres.flatMap((c) => c.queues.map((q) => q.id)))];
  if (ids.includes(id)) return id;
  return fail(src, at, `unknown queue "${id}"${didYouMean(id, ids)} (queues${scope.centres ? ` of ${scope.centres.join(', ')}` : ''}: ${ids.join(', ') || 'none'})`);
}

// Seats, routing and IVR announcements belong to a centre; an incident of `all` has none to act on.
function refuseNetworkWide(src: YamlSource, action: Entry, scope: PlanScope): void {
  const what: Record<string, string> = { reroute: 'move traffic', activateSeats: 'call in seats', announce: 'pick an IVR to announce on' };
  if (scope.centres?.includes('all')) src.report(action.keyNode, `${action.key} needs a centre: a plan for network-wide incidents (centres: all) cannot ${what[action.key] ?? action.key}`);
}

function fail(src: YamlSource, at: At, message: string): null {
  src.report(at, message);
  return null;
}
