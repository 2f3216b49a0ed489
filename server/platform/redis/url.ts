/**
 * parseRedisUrl reads the one Redis address setting (REDIS_URL, redis.url) in its three forms:
 *
 *   redis://[user:password@]host:port[/db]                     one Redis (rediss:// for TLS)
 *   redis+cluster://[user:password@]h1:p1,h2:p2,…              Redis Cluster: any reachable nodes as seeds
 *   redis+sentinel://[user:password@]s1:p1,s2:p2/<master>[/db] Sentinel: the sentinels and the master's name
 *
 * (`rediss+cluster`, `rediss+sentinel`: the same over TLS.) The password is the data nodes' (the
 * master's, every Cluster node's). Pure: a wrong URL throws RedisUrlError with a message naming
 * what is wrong and the form expected, the password never in it.
 */

export interface RedisNode {
  host: string;
  port: number;
}

interface Credentials {
  username?: string;
  password?: string;
  tls: boolean;
}

/** RedisTarget is what a Redis URL names: one server, a Cluster's seed nodes, or a Sentinel-watched master. */
export type RedisTarget =
  | ({ kind: 'single'; url: string } & Omit<Credentials, 'tls'>)
  | ({ kind: 'cluster'; nodes: RedisNode[] } & Credentials)
  | ({ kind: 'sentinel'; sentinels: RedisNode[]; masterName: string; db: number } & Credentials);

export class RedisUrlError extends Error {}

const FORMS =
  'expected redis://host:port[/db], redis+cluster://host:port,host:port,… or redis+sentinel://host:port,host:port/<master-name>';
const DEFAULT_PORT = { cluster: 6379, sentinel: 26379 } as const;
/** A Cluster or Sentinel URL names at most this many nodes (a seed list, not an inventory). */
export const MAX_NODES = 64;

export function parseRedisUrl(text: string): RedisTarget {
  const scheme = /^([a-z+]+):\/\//i.exec(text)?.[1]?.toLowerCase();
  const shown = maskRedisUrl(text);
  if (scheme === 'redis' || scheme === 'rediss') return single(text, shown);
  const form = scheme?.match(/^(rediss?)\+(cluster|sentinel)$/);
  if (!form) throw new RedisUrlError(`"${shown}" is not a Redis URL (${FORMS})`);
  const [, base, kind] = form as unknown as [string, 'redis' | 'rediss', 'cluster' | 'sentinel'];
  const rest = text.slice(scheme!.length + 3);
  const at = rest.lastIndexOf('@');
  const credentials = { ...userInfo(at < 0 ? '' : rest.slice(0, at), shown), tls: base === 'rediss' };
  const [hostList = '', ...path] = (at < 0 ? rest : rest.slice(at + 1)).split('?')[0]!.split('/');
  const nodes = nodeList(hostList, DEFAULT_PORT[kind], shown);
  if (kind === 'cluster') {
    if (path.some((p) => p !== '')) throw new RedisUrlError(`"${shown}": a Cluster URL has no path (Cluster has only database 0)`);
    return { kind, nodes, ...credentials };
  }
  const [masterName = '', dbText = '0', ...extra] = path.map(decodeURIComponent);
  if (masterName === '') throw new RedisUrlError(`"${shown}": a Sentinel URL names the master after the hosts, as redis+sentinel://s1:26379,s2:26379/<master-name>`);
  const db = Number(dbText === '' ? '0' : dbText);
  if (extra.some((p) => p !== '') || !Number.isInteger(db) || db < 0 || db > 15) {
    throw new RedisUrlError(`"${shown}": after the master name only a database number 0–15 may follow (…/<master-name>/<db>)`);
  }
  return { kind, sentinels: nodes, masterName, db, ...credentials };
}

/** describeRedisTarget says in a few words what a URL connects to, for `surge start` and the logs (no password). */
export function describeRedisTarget(target: RedisTarget): string {
  switch (target.kind) {
    case 'single':
      return `single Redis at ${maskRedisUrl(target.url)}`;
    case 'cluster':
      return `Redis Cluster (seeds ${target.nodes.map(hostPort).join(', ')})`;
    case 'sentinel':
      return `Redis Sentinel master "${target.masterName}" (sentinels ${target.sentinels.map(hostPort).join(', ')})`;
  }
}

/** maskRedisUrl shows any of the three forms with its password as `***`, so it can be printed and logged. */
export function maskRedisUrl(text: string): string {
  return text.replace(/^([a-z+]+:\/\/[^@/:]*):[^@/]*@/i, '$1:***@');
}

function single(text: string, shown: string): RedisTarget {
  if (/^[^/]*\/\/[^/]*,/.test(text)) throw new RedisUrlError(`"${shown}" lists several hosts: use redis+cluster:// or redis+sentinel://`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RedisUrlError(`"${shown}" is not a valid URL (${FORMS})`);
  }
  if (url.hostname === '') throw new RedisUrlError(`"${shown}" names no host (${FORMS})`);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new RedisUrlError(`"${shown}": the path must be a database number (redis://host:port/<db>)`);
  return { kind: 'single', url: text, ...userInfo(url.username || url.password ? `${url.username}:${url.password}` : '', shown) };
}

function userInfo(text: string, shown: string): Omit<Credentials, 'tls'> {
  if (text === '') return {};
  const colon = text.indexOf(':');
  try {
    const username = decodeURIComponent(colon < 0 ? text : text.slice(0, colon));
    const password = colon < 0 ? undefined : decodeURIComponent(text.slice(colon + 1));
    return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
  } catch {
    throw new RedisUrlError(`"${shown}": the user or password has a broken %-escape`);
  }
}

function nodeList(text: string, defaultPort: number, shown: string): RedisNode[] {
  const parts = text.split(',');
  if (text === '' || parts.some((p) => p.trim() === '')) throw new RedisUrlError(`"${shown}" has an empty host in its list (${FORMS})`);
  if (parts.length > MAX_NODES) throw new RedisUrlError(`"${shown}" lists ${parts.length} hosts; at most ${MAX_NODES}`);
  return parts.map((part) => {
    const m = /^(\[[0-9a-f:.]+\]|[^:[\]\s]+)(?::(\d+))?$/i.exec(part.trim());
    const port = m?.[2] === undefined ? defaultPort : Number(m[2]);
    if (!m || port < 1 || port > 65_535) throw new RedisUrlError(`"${shown}": "${part}" is not host:port (a port 1–65535)`);
    return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
  });
}

function hostPort(node: RedisNode): string {
  return node.host.includes(':') ? `[${node.host}]:${node.port}` : `${node.host}:${node.port}`;
}
