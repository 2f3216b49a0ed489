/**
 * The figures a report can show, in column order: adding one to history and reports is one line here.
 *
 *   count(name)              summed over the interval, from the minutes' running `today` count
 *                            (windows.today.<name>; a rule name `<name>.today` when there is one)
 *   ratio(name, terms)       recomputed from the interval's summed counts, never a mean of minute ratios
 *                            (a fraction, or money per contact)
 *   instant(name)            a figure of the moment (rule name): the interval's max and mean of its minutes
 */
import { METRICS, type MetricDef } from '../../rules/index.js';

export type Sums = Record<string, number>;

export type ReportMetric =
  | { kind: 'count'; name: string; stored: MetricDef }
  | { kind: 'ratio'; name: string; unit: 'ratio' | 'money'; uses: string[]; terms: (s: Sums) => [numerator: number, denominator: number] }
  | { kind: 'instant'; name: string; stored: MetricDef };

const count = (name: string): ReportMetric => ({
  kind: 'count',
  name,
  stored: METRICS.get(`${name}.today`) ?? { name: `${name}.today`, unit: 'count', path: ['windows', 'today', name], nullable: false },
});
const ratio = (name: string, uses: string[], terms: (s: Sums) => [number, number], unit: 'ratio' | 'money' = 'ratio'): ReportMetric => ({ kind: 'ratio', name, unit, uses, terms });
const instant = (name: string): ReportMetric => {
  const stored = METRICS.get(name);
  if (!stored) throw new Error(`report metric ${name} is not a known metric`);
  return { kind: 'instant', name, stored };
};

export const REPORT_METRICS: readonly ReportMetric[] = [
  count('offered'),
  count('answered'),
  count('abandoned'),
  count('shortAbandoned'),
  count('answeredWithinThreshold'),
  count('transferredOut'),
  count('serviceLevelMet'),
  count('serviceLevelBase'),
  ratio('serviceLevel', ['serviceLevelMet', 'serviceLevelBase'], (s) => [s.serviceLevelMet!, s.serviceLevelBase!]),
  ratio('abandonRate', ['abandoned', 'shortAbandoned', 'offered'], (s) => [s.abandoned! - s.shortAbandoned!, s.offered! - s.shortAbandoned!]),
  instant('waiting'),
  instant('longestWaitSec'),
  instant('agents.staffed'),
  instant('agents.available'),
  instant('agents.onContact'),
  instant('occupancy'),
  // The director's panorama (docs/metrics.md).
  count('completed'),
  count('resolved'),
  count('resolvedKnown'),
  ratio('fcr', ['resolved', 'resolvedKnown'], (s) => [s.resolved!, s.resolvedKnown!]),
  count('customerContacts'),
  count('repeatContacts'),
  ratio('repeatRate', ['repeatContacts', 'customerContacts'], (s) => [s.repeatContacts!, s.customerContacts!]),
  ratio('fcrByRepeat', ['repeatContacts', 'customerContacts'], (s) => [s.customerContacts! - s.repeatContacts!, s.customerContacts!]),
  count('ticketsCreated'),
  count('ticketsClosed'),
  count('complaintsCreated'),
  count('complaintsClosed'),
  count('closedWithDue'),
  count('closedOnTime'),
  ratio('onTimeRate', ['closedOnTime', 'closedWithDue'], (s) => [s.closedOnTime!, s.closedWithDue!]),
  instant('backlog.open'),
  instant('backlog.overdue'),
  instant('backlog.complaintsOpen'),
  count('outboundAttempts'),
  count('outboundConnected'),
  ratio('connectRate', ['outboundConnected', 'outboundAttempts'], (s) => [s.outboundConnected!, s.outboundAttempts!]),
  count('proactiveServices'),
  count('outboundCompleted'),
  count('smsSent'),
  count('smsProactiveSent'),
  count('smsReceived'),
  count('ivrEntered'),
  count('ivrTransferred'),
  count('ivrContained'),
  ratio('containmentRate', ['ivrContained', 'ivrTransferred'], (s) => [s.ivrContained!, s.ivrContained! + s.ivrTransferred!]),
  count('ivrErrors'),
  instant('ivr.callsNow'),
  instant('ivr.inCall'),
  instant('attendance.scheduled'),
  instant('attendance.present'),
  instant('attendance.rate'),
  count('cost'),
  count('costedContacts'),
  ratio('costPerContact', ['cost', 'costedContacts'], (s) => [s.cost!, s.costedContacts!], 'money'),
];

export const REPORT_METRIC_NAMES: readonly string[] = REPORT_METRICS.map((m) => m.name);

/** What history keeps for reports: the running counts (one-centre scopes only: roll-ups are summed from them) and the instants. */
export const REPORT_COUNTS_STORED: MetricDef[] = REPORT_METRICS.flatMap((m) => (m.kind === 'count' ? [m.stored] : []));
export const REPORT_INSTANTS_STORED: MetricDef[] = REPORT_METRICS.flatMap((m) => (m.kind === 'instant' ? [m.stored] : []));

for (const m of REPORT_METRICS) {
  const missing = m.kind === 'ratio' ? m.uses.filter((u) => !REPORT_METRICS.some((c) => c.kind === 'count' && c.name === u)) : [];
  if (missing.length > 0) throw new Error(`report ratio ${m.name} needs the counts ${missing.join(', ')} in REPORT_METRICS`);
}
