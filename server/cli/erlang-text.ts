/** The human-readable form of `surge erlang`'s reports: one labelled row per figure. */
import type { BlockingReport, ErlangReport } from './erlang.js';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const seconds = (v: number | null) => (v === null ? 'unbounded (agents ≤ traffic: the queue never drains)' : `${v.toFixed(1)} s`);
const rows = (list: (readonly [string, string] | false)[]) =>
  list
    .filter((row) => row !== false)
    .map(([label, value]) => `${label.padEnd(26)}${value}\n`)
    .join('');

/** describeStaffing prints an Erlang C or Erlang A report. */
export function describeStaffing(r: ErlangReport): string {
  const goals = [r.target !== null && `${pct(r.target)} answered within ${r.thresholdSec} s`, r.targetAsaSec !== undefined && `ASA ≤ ${r.targetAsaSec} s`, r.maxOccupancy !== undefined && `occupancy ≤ ${pct(r.maxOccupancy)}`, r.maxAbandon !== undefined && `abandons ≤ ${pct(r.maxAbandon)}`].filter(Boolean);
  return rows([
    ['model', r.patienceSec === undefined ? 'Erlang C (nobody abandons)' : `Erlang A (mean patience ${r.patienceSec} s)`],
    ['traffic', `${r.trafficErlangs.toFixed(2)} Erlangs`],
    ['required agents', `${r.requiredAgents} for ${goals.join(', ')}`],
    r.agentsWithShrinkage !== undefined && r.shrinkage !== undefined && ['with shrinkage', `${r.agentsWithShrinkage} scheduled for ${pct(r.shrinkage)} shrinkage`],
    ['figures for', `${r.agents} agents${r.agents === r.requiredAgents ? '' : ' (--agents)'}`],
    ['probability of waiting', pct(r.probWait)],
    ['answered at once', pct(r.immediateAnswerProbability)],
    ['service level', `${pct(r.serviceLevel)} within ${r.thresholdSec} s`],
    ['ASA', seconds(r.asaSec)],
    ['mean wait if delayed', seconds(r.meanWaitOfDelayedSec)],
    r.abandonProbability !== undefined && ['abandoned', pct(r.abandonProbability)],
    ['occupancy', pct(r.occupancy)],
  ]);
}

/** describeBlocking prints an Erlang B report. */
export function describeBlocking(r: BlockingReport): string {
  return rows([
    ['model', 'Erlang B (blocked contacts are lost)'],
    ['traffic', `${r.trafficErlangs.toFixed(2)} Erlangs`],
    ['lines', String(r.lines)],
    ['blocking probability', `${(r.blockingProbability * 100).toFixed(2)}%`],
  ]);
}
