/**
 * types: what the control screen's REST endpoints answer, as the server itself declares it
 * (imported, never copied), so a field renamed on the server breaks the type-check here.
 */
export type { Step, StepState } from '../../../../server/stages/plans/executor/steps.js';
export type { StepPreview, CentrePreview, Prediction } from '../../../../server/stages/plans/preview/predict.js';
export type { InForceStep } from '../../../../server/stages/plans/executor/in-force.js';
export type { RoutingChange } from '../../../../server/stages/plans/executor/routing-store.js';
export type { ActiveSeat } from '../../../../server/stages/plans/executor/seat-store.js';
export type { Silence } from '../../../../server/stages/plans/executor/silences.js';
export type { SmsRecord } from '../../../../server/stages/deliver/sms/sms-store.js';
export type { Delivery, DeliveryStatus } from '../../../../server/stages/deliver/acd/delivery-store.js';
export type { StaffingRow } from '../../../../server/stages/plans/staffing.js';
export type { Principal } from '../../../../server/platform/http/auth.js';
export type { Role } from '../../../../server/config/topology.js';
