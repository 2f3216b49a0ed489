/**
 * parseAdapters reads the optional `adapters:` section of the config: per vendor, how its
 * identifiers map to our centres, queues, agents and seat types, and the secrets that
 * authenticate it. Every problem is reported through `Problems` with the file and line.
 */
import type { AgentState } from '../contract.js';
import type { Problems } from '../../../config/check.js';
import type { CentreConfig } from '../../../config/types.js';
import type { VendorMapping } from './mapping.js';
import { MappingReader } from './mapping-reader.js';

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
  /** Centre of queues the mapping does not name (their names are used as queue ids). */
  centre?: string;
}

/** The `adapters:` section: each vendor present only when configured. */
export interface AdaptersConfig {
  twilioTaskRouter?: TaskRouterConfig;
  amazonConnect?: AmazonConnectConfig;
  asterisk?: AsteriskConfig;
}

type Env = Record<string, string | undefined>;

const TASKROUTER_ACTIVITIES: Record<string, AgentState> = {
  Available: 'available',
  Idle: 'available',
  Offline: 'logged_out',
  Busy: 'on_contact',
  Reserved: 'on_contact',
  WrapUp: 'acw',
};
const CONNECT_STATUSES: Record<string, AgentState> = { Available: 'available', Offline: 'logged_out' };

/** parseAdapters validates `adapters:` against the configured centres and queues; `env` supplies `*Env` secrets. */
export function parseAdapters(value: unknown, centres: CentreConfig[], p: Problems, env: Env = {}): AdaptersConfig {
  const out: AdaptersConfig = {};
  if (value === undefined || value === null) return out;
  const r = new MappingReader(p, centres, env);
  const root = r.obj(value, ['adapters']);
  for (const key of Object.keys(root)) {
    if (!['twilioTaskRouter', 'amazonConnect', 'asterisk'].includes(key)) r.problem(['adapters', key], 'unknown adapter (twilioTaskRouter, amazonConnect, asterisk)');
  }
  if (root.twilioTaskRouter != null) {
    const path = ['adapters', 'twilioTaskRouter'];
    const t = r.obj(root.twilioTaskRouter, path);
    const callbackUrl = r.optionalStr(t, [...path, 'callbackUrl']);
    if (callbackUrl !== undefined && !/^https?:\/\/\S+$/.test(callbackUrl)) r.problem([...path, 'callbackUrl'], 'must be an http(s) URL');
    out.twilioTaskRouter = {
      authToken: r.secret(t, path, 'authToken') ?? '',
      ...(callbackUrl === undefined ? {} : { callbackUrl }),
      workspaces: r.centreMap(t, [...path, 'workspaces']),
      ...r.mapping(t, path, 'workers', 'activities', TASKROUTER_ACTIVITIES),
    };
    if (!out.twilioTaskRouter.authToken) r.problem(path, 'needs `authToken` (or `authTokenEnv`) to check X-Twilio-Signature');
  }
  if (root.amazonConnect != null) {
    const path = ['adapters', 'amazonConnect'];
    const c = r.obj(root.amazonConnect, path);
    const accessKey = r.secret(c, path, 'accessKey');
    out.amazonConnect = {
      ...(accessKey === undefined ? {} : { accessKey }),
      instances: r.centreMap(c, [...path, 'instances']),
      maxBodyBytes: r.int(c, [...path, 'maxBodyBytes'], 8 * 1024 * 1024, 1024, 64 * 1024 * 1024),
      ...r.mapping(c, path, 'agents', 'statuses', CONNECT_STATUSES),
    };
  }
  if (root.asterisk != null) {
    const path = ['adapters', 'asterisk'];
    const a = r.obj(root.asterisk, path);
    const centre = r.optionalStr(a, [...path, 'centre']);
    if (centre !== undefined) r.centre(centre, [...path, 'centre']);
    out.asterisk = { ...(centre === undefined ? {} : { centre }), ...r.mapping(a, path, 'agents', undefined, {}) };
  }
  return out;
}
