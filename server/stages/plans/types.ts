/**
 * The contingency-plan vocabulary (DESIGN.md "Contingency plans"): contacts, plans as loaded
 * from alerts/plans/*.yaml, their kinds of action (the four of DESIGN.md, and the channel shifts
 * `announce` and `remind`), and the PlannedAction the executor
 * turns into one job each.
 */
import type { Media } from '../ingest/contract.js';
import type { AlertLevel, IncidentType } from '../rules/index.js';
import type { StandbySeatType } from '../incidents/plan-preview.js';

/** Contact is a person who gets SMS: a duty manager, a member of the emergency echelon, a standby agent. */
export interface Contact {
  id: string;
  name: string;
  /** E.164, e.g. "+8613800000001". */
  phone: string;
}

/** STANDBY_SEAT_TYPES are the seats a plan can call in (each StandbySeatType): on-site seats are staffed already. */
export const STANDBY_SEAT_TYPES = ['home', 'backup', 'phone_im'] as const satisfies readonly StandbySeatType[];
export type { StandbySeatType };

/** ACTION_KINDS are the actions a plan can list, in the order DESIGN.md describes them. */
export const ACTION_KINDS = ['notify', 'activateSeats', 'reroute', 'banner', 'announce', 'remind'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** NotifySpec: SMS the members of `group` (first contact first) from template alerts/templates/<template>.txt. */
export interface NotifySpec {
  group: string;
  template: string;
}

/**
 * SeatsSpec: call in standby seats of `seatType` at the incident's centre — `count` people, or
 * `auto` (the Erlang C staffing gap) capped by `max` (null: no cap but the roster). Each person
 * chosen gets SMS `template` (default `seat-callout`).
 */
export interface SeatsSpec {
  seatType: StandbySeatType;
  count: number | 'auto';
  max: number | null;
  template: string;
}

/**
 * RerouteSpec: move `share` (a fraction, 0 < share ≤ 1) of the incident centre's traffic for one
 * queue id, or for one media, to centres with spare capacity; `expiresAfterSec` null means until
 * undone. Exactly one of `queue` and `media` is set.
 */
export type RerouteSpec = { share: number; expiresAfterSec: number | null } & (
  | { queue: string; media?: undefined }
  | { media: Media; queue?: undefined }
);

/** BannerSpec: a message on every wallboard while the level stands. */
export interface BannerSpec {
  text: string;
}

/** ANNOUNCE_OFFERS: what callers hearing an announcement are offered besides waiting. */
export const ANNOUNCE_OFFERS = ['callback', 'self-service-sms', 'none'] as const;
export type AnnounceOffer = (typeof ANNOUNCE_OFFERS)[number];

/**
 * AnnounceSpec: the incident centre's IVR plays template `message` (each language's variant) to
 * callers of `queues` (null: every queue of the centre) and offers them `offer`, until undone.
 */
export interface AnnounceSpec {
  message: string;
  offer: AnnounceOffer;
  queues: string[] | null;
}

/** RemindSpec: SMS template `template` to every customer of list `list` not opted out, at most once each per incident. */
export interface RemindSpec {
  list: string;
  template: string;
}

/** ActionSpec pairs each kind with its spec, so `kind` narrows `spec`. */
export type ActionSpec =
  | { kind: 'notify'; spec: NotifySpec }
  | { kind: 'activateSeats'; spec: SeatsSpec }
  | { kind: 'reroute'; spec: RerouteSpec }
  | { kind: 'banner'; spec: BannerSpec }
  | { kind: 'announce'; spec: AnnounceSpec }
  | { kind: 'remind'; spec: RemindSpec };

/** PlanAction is one action as written in a plan; `confirm` makes it wait for the dispatcher. */
export type PlanAction = ActionSpec & { confirm: boolean };

/** UNDO_MODES: how a plan's actions are undone when the level falls — at once, or once the dispatcher confirms. */
export const UNDO_MODES = ['auto', 'confirm'] as const;
export type UndoMode = (typeof UNDO_MODES)[number];

/** Plan is one entry of a plan file, checked against the config. */
export interface Plan {
  /** Unique across the plan files; part of every action's key. */
  name: string;
  level: AlertLevel;
  /** Only incidents of this type; null: any type. */
  type: IncidentType | null;
  /** Only incidents of these centres (`all`: network-wide incidents); null: any centre. */
  centres: string[] | null;
  undo: UndoMode;
  actions: PlanAction[];
  /** `file:line:col` of the plan, for messages. */
  origin: string;
}

/**
 * PlannedAction is one action of one plan, for one incident at one level: what the executor
 * enqueues. `key` = `${incidentId}:${level}:${plan}:${index}` is deterministic, so a plan level
 * runs at most once per incident whoever enqueues it. `undo` is `none` for what cannot be taken
 * back (an SMS), else the plan's undo mode.
 */
export type PlannedAction = ActionSpec & {
  key: string;
  incidentId: string;
  level: AlertLevel;
  plan: string;
  index: number;
  needsConfirmation: boolean;
  undo: UndoMode | 'none';
};

/**
 * NotifyState is what has happened to one notify action so far (kept by the executor):
 * every SMS sent, oldest first — to whom, when (epoch ms), and whether Twilio reported it
 * undelivered — and when someone acknowledged the incident.
 */
export interface NotifyState {
  sent: { contactId: string; at: number; undelivered?: boolean }[];
  acknowledgedAt: number | null;
}

/** NotifyPolicy: repeat an unacknowledged alert every `repeatEverySec`; move to the next contact after `escalateAfterSec`. */
export interface NotifyPolicy {
  repeatEverySec: number;
  escalateAfterSec: number;
}
