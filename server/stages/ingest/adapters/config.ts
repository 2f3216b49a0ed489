/**
 * The optional `adapters:` section of the config: per vendor, how its
 * identifiers map to our centres, queues, agents and seat types, and the secrets that
 * authenticate it.
 */
import { centreId, type ConfigContext } from '../../../config/context.js';
import { always, checkSecret, definedOnly, httpUrl, list, mapping, secret, section, text, wholeNumber, type Loose } from '../../../config/fields.js';
import type { AgentState } from '../contract.js';
import type { VendorMapping } from './mapping.js';
import { agentsField, queuesField, seatTypeField, statesField, vendorMapping } from './mapping-schema.js';

/** Twilio TaskRouter: the workspace's EventCallbackUrl points at `/v1/adapters/twilio-taskrouter`. */
export interface TaskRouterConfig extends VendorMapping {
  /** The account's auth token, which signs `X-Twilio-Signature`. */
  authToken: string;
  /** The URL exactly as configured in the workspace (default: server.publicUrl + the path). */
  callbackUrl?: string;
  /** WorkspaceSid → centre, for worker events (which name no queue). */
  workspaces: ReadonlyMap<string, string>;
}

/** Amazon Connect: agent event stream and contact events, via Firehose or a bridge posting JSON. */
export interface AmazonConnectConfig extends VendorMapping {
  /** Expected `X-Amz-Firehose-Access-Key`; without it the Firehose format is refused. */
  accessKey?: string;
  /** Instance ARN or id → centre, for agent events. */
  instances: ReadonlyMap<string, string>;
  /** Largest request (Firehose base64-encodes its buffer, so this is above ingest.maxBodyBytes). */
  maxBodyBytes: number;
}

/** Asterisk AMI bridge: queue names and member interfaces. */
export interface AsteriskConfig extends VendorMapping {
  /** Centre of queues the mapping does not name (their names are used as queue ids), and of IVR calls. */
  centre?: string;
  /**
   * Dialplan contexts that are the IVR: a caller whose channel enters one is in the IVR
   * (`ivr.call` entered), until it joins a queue (transferred) or hangs up there (ended).
   */
  ivrContexts?: ReadonlySet<string>;
}

/** The `adapters:` section: each vendor present only when configured. */
export interface AdaptersConfig {
  twilioTaskRouter?: TaskRouterConfig;
  amazonConnect?: AmazonConnectConfig;
  asterisk?: AsteriskConfig;
}

const TASKROUTER_ACTIVITIES: Record<string, AgentState> = {
  Available: 'available',
  Idle: 'available',
  Offline: 'logged_out',
  Busy: 'on_contact',
  Reserved: 'on_contact',
  WrapUp: 'acw',
};
const CONNECT_STATUSES: Record<string, AgentState> = { Available: 'available', Offline: 'logged_out' };

function taskRouterSchema(ctx: ConfigContext) {
  return section({
    authToken: text().optional(),
    authTokenEnv: text().optional(),
    callbackUrl: httpUrl().optional(),
    workspaces: mapping(centreId(ctx)).default({}),
    queues: queuesField(ctx),
    workers: agentsField(ctx),
    activities: statesField(),
    defaultSeatType: seatTypeField(),
  })
    .superRefine((t: Loose, issues) => checkSecret(t, 'authToken', ctx.env, issues, 'needs `authToken` (or `authTokenEnv`) to check X-Twilio-Signature'), always)
    .transform((t): TaskRouterConfig =>
      definedOnly({
        authToken: secret(t, 'authToken', ctx.env) ?? '',
        callbackUrl: t.callbackUrl,
        workspaces: new Map(Object.entries(t.workspaces)),
        ...vendorMapping(t, t.workers, t.activities, TASKROUTER_ACTIVITIES),
      }),
    );
}

function amazonConnectSchema(ctx: ConfigContext) {
  return section({
    accessKey: text().optional(),
    accessKeyEnv: text().optional(),
    instances: mapping(centreId(ctx)).default({}),
    // Firehose base64-encodes its buffer, so this is above ingest.maxBodyBytes.
    maxBodyBytes: wholeNumber(1024, 64 * 1024 * 1024).default(8 * 1024 * 1024),
    queues: queuesField(ctx),
    agents: agentsField(ctx),
    statuses: statesField(),
    defaultSeatType: seatTypeField(),
  })
    .superRefine((c: Loose, issues) => checkSecret(c, 'accessKey', ctx.env, issues), always)
    .transform((c): AmazonConnectConfig =>
      definedOnly({
        accessKey: secret(c, 'accessKey', ctx.env),
        instances: new Map(Object.entries(c.instances)),
        maxBodyBytes: c.maxBodyBytes,
        ...vendorMapping(c, c.agents, c.statuses, CONNECT_STATUSES),
      }),
    );
}

function asteriskSchema(ctx: ConfigContext) {
  return section({
    centre: centreId(ctx).optional(),
    queues: queuesField(ctx),
    agents: agentsField(ctx),
    defaultSeatType: seatTypeField(),
    ivrContexts: list(text()).optional(),
  }).transform(
    (a): AsteriskConfig =>
      definedOnly({ centre: a.centre, ...(a.ivrContexts?.length ? { ivrContexts: new Set(a.ivrContexts) } : {}), ...vendorMapping(a, a.agents, {}, {}) }),
  );
}

/** adaptersSchema reads `adapters:` against the configured centres and queues; `ctx.env` supplies `*Env` secrets. */
export function adaptersSchema(ctx: ConfigContext) {
  return section({
    twilioTaskRouter: taskRouterSchema(ctx).optional(),
    amazonConnect: amazonConnectSchema(ctx).optional(),
    asterisk: asteriskSchema(ctx).optional(),
  })
    .transform((a): AdaptersConfig => definedOnly(a))
    .prefault({});
}
