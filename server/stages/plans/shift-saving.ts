/**
 * priceShift is what a channel shift saved (DESIGN.md, cost per contact): each contact moved off
 * the agents costs, instead of an agent-handled contact, what its new channel costs —
 *
 *   sms           a reminder SMS                          costs.channels.sms.perContact
 *   self-service  a link by SMS, then the web             sms.perContact + web.perContact
 *   callback      an agent still calls back               the agent contact itself: saves nothing
 *
 * An agent-handled contact costs the centre's measured voice cost per contact today when there is
 * one, else the voice rates at the queue's default handle time. Pure: figures in, money out.
 */
import type { CostsSettings } from '../metrics/config.js';
import type { Shifted } from './executor/steps.js';

/** ShiftSaving: money in `currency`; `total` = contacts × (agentContact − replacement), negative when the new channel costs more. */
export interface ShiftSaving {
  currency: string;
  agentContact: number;
  replacement: number;
  total: number;
  /** Where the agent contact's price came from. */
  basis: 'measured today' | 'voice rates at the default handle time';
}

/** priceShift prices `shifted`; `measuredVoiceCost` is the centre's voice costPerContact today (null: none measured yet). */
export function priceShift(shifted: Pick<Shifted, 'contacts' | 'to'>, costs: CostsSettings, measuredVoiceCost: number | null, defaultAhtSec: number): ShiftSaving {
  const { voice, sms, web } = costs.channels;
  const agentContact = measuredVoiceCost ?? voice.perContact + (voice.perMinute * defaultAhtSec) / 60;
  const replacement = shifted.to === 'sms' ? sms.perContact : shifted.to === 'self-service' ? sms.perContact + web.perContact : agentContact;
  return {
    currency: costs.currency,
    agentContact: money(agentContact),
    replacement: money(replacement),
    total: money(shifted.contacts * (agentContact - replacement)),
    basis: measuredVoiceCost === null ? 'voice rates at the default handle time' : 'measured today',
  };
}

const money = (v: number) => Math.round(v * 10_000) / 10_000;
