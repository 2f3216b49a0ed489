/**
 * incidents: how an incident is named on the screens — "Traffic surge · Wuhan" — and which
 * dispatcher actions make sense for it now (the server still decides: it answers 409 otherwise).
 */
import { levelRank, LEVELS, type Incident, type TopologyCentre } from './live/protocol.js';
import { ALL } from './scopes.js';
import { t } from '../i18n/index.js';

/** typeName: "Traffic surge" for `traffic_surge`; an unknown type is shown with spaces. */
export const typeName = (type: string): string => (t.incidentType as Record<string, string>)[type] ?? type.replace(/_/g, ' ');

/** centreName: the configured name of a centre; `all` is the whole network. */
export function centreName(id: string, centres: readonly Pick<TopologyCentre, 'id' | 'name'>[]): string {
  if (id === ALL) return t.allCentres;
  return centres.find((c) => c.id === id)?.name ?? id;
}

/** incidentTitle: "Traffic surge · Wuhan". */
export function incidentTitle(incident: Pick<Incident, 'type' | 'centre'>, centres: readonly Pick<TopologyCentre, 'id' | 'name'>[]): string {
  return `${typeName(incident.type)} · ${centreName(incident.centre, centres)}`;
}

export const ACTIONS = ['ack', 'escalate', 'deescalate', 'release', 'resolve'] as const;
export type Action = (typeof ACTIONS)[number];

/** actionName: the button for an action, in the screen's language. */
export const actionName = (action: Action): string => t.action[action];

/** actionAllowed: whether offering the action makes sense for the incident as it stands. */
export function actionAllowed(incident: Pick<Incident, 'state' | 'level' | 'heldLevel'>, action: Action): boolean {
  if (incident.state !== 'open') return false;
  switch (action) {
    case 'escalate':
      return levelRank(incident.level) < LEVELS.length - 1;
    case 'deescalate':
      return levelRank(incident.level) > 0;
    case 'release':
      return incident.heldLevel !== null;
    case 'ack':
    case 'resolve':
      return true;
  }
}

/** predictedText: "predicted red in 6 min" while the incident stands on an early warning, else null. */
export function predictedText(incident: Pick<Incident, 'predicted'>): string | null {
  const p = incident.predicted;
  return p ? t.predicted(p.level, p.inMin) : null;
}
