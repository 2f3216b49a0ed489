/**
 * renderTemplate fills a template of `plans.templates` for an incident, in a language: the
 * alert and call-out SMS, a reminder, the words an IVR announcement plays. The incident
 * centre's committed figures fill the placeholders.
 */
import type { Locale } from '../../../config/locales.js';
import type { Incident } from '../../incidents/types.js';
import type { Level } from '../../rules/index.js';
import { ackCode, renderSms } from '../index.js';
import { templateFor } from '../templates.js';
import type { ExecutorDeps } from './deps.js';
import { scopeOf } from '../select.js';

/** The text of `template` in `locale` (else its plain variant); undefined when there is no such template. */
export async function renderTemplate(deps: Pick<ExecutorDeps, 'config' | 'scopeFigures'>, incident: Incident, level: Level, template: string, locale: Locale): Promise<string | undefined> {
  const text = templateFor(deps.config.plans.templates, template, locale);
  if (text === undefined) return undefined;
  const centreName = deps.config.centres.find((c) => c.id === incident.centre)?.name;
  const metrics = await deps.scopeFigures(scopeOf(incident));
  return renderSms(text, {
    incident,
    level,
    ...(metrics ? { metrics } : {}),
    link: `${deps.config.server.publicUrl}/control#incident=${incident.id}`,
    ackCode: ackCode(incident.id),
    locale,
    ...(centreName ? { centreName } : {}),
  });
}
