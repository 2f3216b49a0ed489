/**
 * placement tells whether a connection is on the master the sentinels name now, from the
 * connection's socket (remote address and port) and the address the sentinels give. A Sentinel
 * connection dials exactly the host and port the sentinels named when it connected (no NAT map
 * here), so another port means another node; the same port is compared by IP: the one named, or
 * those a named hostname resolves to. "unknown" when it cannot be told (no socket, a hostname
 * that did not resolve): the caller must then leave the connection where it is.
 */
import { isIP } from 'node:net';

export interface Endpoint {
  host: string;
  port: number;
}

export type Placement = 'on-master' | 'elsewhere' | 'unknown';

export function placement(named: Endpoint, remote: { address?: string; port?: number }, resolved?: readonly string[]): Placement {
  if (!remote.address || !remote.port) return 'unknown';
  if (remote.port !== named.port) return 'elsewhere';
  const candidates = isIP(named.host) ? [named.host] : resolved;
  if (!candidates?.length) return 'unknown';
  const here = canonicalIp(remote.address);
  return candidates.some((ip) => canonicalIp(ip) === here) ? 'on-master' : 'elsewhere';
}

/** canonicalIp writes an IP one way: an IPv4-mapped IPv6 address as IPv4, IPv6 compressed and lower-case. */
export function canonicalIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  let v6: string;
  try {
    v6 = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    // A zone id (fe80::1%eth0) is no URL host: compared as written.
    return ip.toLowerCase();
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
  if (!mapped) return v6;
  const [hi, lo] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}
