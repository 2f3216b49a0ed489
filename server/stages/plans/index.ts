/**
 * Contingency plans (DESIGN.md "Contingency plans"): what the plan executor calls. Pure but
 * for the two loaders (plan files; templates, read with the config).
 *
 *   plan files ─► loadPlanFiles ─► Plan[]
 *   level from → to ─► levelsToRun ─► levels to start / undo ─► actionsFor ─► PlannedAction[] (one job each)
 *     notify        ─► nextNotification (repeat, escalate, stop) ─► renderSms(template, …ackCode)
 *     activateSeats ─► chooseSeats (count or Erlang C gap, roster order)
 *     reroute       ─► chooseReroute (lowest-level centres with spare capacity, share by margin)
 *     banner        ─► bannersInForce (per incident, its highest level still in force) ─► the wallboards
 */
export { ackCode, ACK_CODE_LENGTH } from './ack-code.js';
export { bannersInForce, type Banner, type BannerEntry } from './banners.js';
export { E164, groupContacts, rosterContacts, type AlertingConfig, type PlansConfig, type Roster } from './config.js';
export { loadPlanFiles, mergePlanFiles } from './load.js';
export { DEFAULT_SEAT_TEMPLATE } from './plan-actions.js';
export { parsePlanFile, type LoadedPlans } from './plan-file.js';
export { PLACEHOLDERS, type SmsContext } from './placeholders.js';
export { chooseReroute, type RerouteChoice } from './reroute.js';
export { nextNotification, type NextNotification } from './schedule.js';
export { chooseSeats, SEAT_MEDIA, type SeatChoice } from './seats.js';
export { actionsFor, inForce, levelsInForce, levelsToRun, planApplies, planMoves, scopeOf, type PlanMove } from './select.js';
export { renderSms, SMS_MAX_CHARS } from './sms.js';
export { forecastAccuracy, staffingTable, type StaffingRow } from './staffing.js';
export * from './types.js';
