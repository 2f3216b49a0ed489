/**
 * The schema of what every vendor section of `adapters:` maps — vendor queues to "centre/queue",
 * vendor agents to our agents, vendor status names to our agent states — checked against the
 * configured centres and queues.
 */
import { z } from 'zod';
import { centreProblem, type ConfigContext } from '../../../config/context.js';
import { always, definedOnly, mapping, oneOf, section, text, type Loose } from '../../../config/fields.js';
import { AGENT_STATES, SEAT_TYPES, type AgentState } from '../contract.js';
import type { AgentRef, QueueRef, VendorMapping } from './mapping.js';

const QUEUE_REF = /^([^/\s]+)\/([^/\s]+)$/;
const QUEUE_REF_HINT = 'must be "<centre>/<queue>", e.g. "hangzhou/voice"';

/** queueRef reads "centre/queue" naming a configured queue. */
function queueRef(ctx: ConfigContext) {
  return z
    .string({ error: QUEUE_REF_HINT })
    .regex(QUEUE_REF, { error: QUEUE_REF_HINT })
    .superRefine((ref, issues) => {
      if (!QUEUE_REF.test(ref)) return;
      const [centreId = '', queueId = ''] = ref.split('/');
      const centre = ctx.centres?.find((c) => c.id === centreId);
      const problem = centreProblem(centreId, ctx);
      if (problem) issues.addIssue({ code: 'custom', message: problem });
      else if (centre && !centre.queues.some((q) => q.id === queueId)) {
        issues.addIssue({ code: 'custom', message: `centre ${centreId} has no queue "${queueId}" (queues: ${centre.queues.map((q) => q.id).join(', ')})` });
      }
    })
    .transform((ref): QueueRef => {
      const [centre = '', queue = ''] = ref.split('/');
      const media = ctx.centres?.find((c) => c.id === centre)?.queues.find((q) => q.id === queue)?.media ?? 'voice';
      return { centre, queue, media };
    });
}

/** agentRef reads a plain agent id, or `{agent?, seatType?, skills?, centre?}`; skills are queue ids of the agent's centre. */
function agentRef(ctx: ConfigContext) {
  const entry = section({
    agent: text().optional(),
    seatType: oneOf(SEAT_TYPES).optional(),
    skills: z.array(z.string(), { error: 'must be a list of queue ids' }).optional(),
    centre: z.string().optional(),
  }).superRefine((a: Loose, issues) => {
    const centreProblemText = typeof a.centre === 'string' ? centreProblem(a.centre, ctx) : null;
    if (centreProblemText) issues.addIssue({ code: 'custom', path: ['centre'], message: centreProblemText });
    if (!Array.isArray(a.skills) || !ctx.centres) return;
    const known = new Set(ctx.centres.filter((c) => a.centre === undefined || c.id === a.centre).flatMap((c) => c.queues.map((q) => q.id)));
    if (!a.skills.every((s) => typeof s === 'string' && known.has(s))) {
      issues.addIssue({ code: 'custom', path: ['skills'], message: `must be a list of queue ids (${[...known].join(', ')})` });
    }
  }, always);
  return z
    .preprocess((v) => (typeof v === 'string' ? { agent: v } : v), entry)
    .transform((a): AgentRef => definedOnly({ agentId: a.agent, seatType: a.seatType, skills: a.skills, centre: a.centre }));
}

/** The keys every vendor section has, each vendor naming its agents and states keys its own way. */
export const queuesField = (ctx: ConfigContext) => mapping(queueRef(ctx)).default({});
export const agentsField = (ctx: ConfigContext) => mapping(agentRef(ctx)).default({});
export const statesField = () => mapping(oneOf(AGENT_STATES)).default({});
export const seatTypeField = () => oneOf(SEAT_TYPES).default('onsite');

/** vendorMapping turns a parsed vendor section into the maps translators look things up in; `states` are merged over the vendor's built-in `defaults`. */
export function vendorMapping(
  o: { queues: Record<string, QueueRef>; defaultSeatType: VendorMapping['defaultSeatType'] },
  agents: Record<string, AgentRef>,
  states: Record<string, AgentState>,
  defaults: Record<string, AgentState>,
): VendorMapping {
  return {
    queues: new Map(Object.entries(o.queues)),
    agents: new Map(Object.entries(agents)),
    states: new Map(Object.entries({ ...defaults, ...states })),
    defaultSeatType: o.defaultSeatType,
  };
}
