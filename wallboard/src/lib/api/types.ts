/**
 * types: what the control screen's REST endpoints answer, as the server itself declares it
 * (imported, never copied), so a field renamed on the server breaks the type-check here.
 */
export type { Step, StepState } from '../../../../server/executor/steps.js';
export type { RoutingChange } from '../../../../server/executor/routing-store.js';
export type { ActiveSeat } from '../../../../server/executor/seat-store.js';
export type { Silence } from '../../../../server/executor/silences.js';
export type { SmsRecord } from '../../../../server/notify/sms-store.js';
export type { Delivery, DeliveryStatus } from '../../../../server/webhooks/delivery-store.js';
export type { StaffingRow } from '../../../../server/plans/staffing.js';
export type { Principal } from '../../../../server/http/auth.js';
export type { Role } from '../../../../server/config/types.js';
