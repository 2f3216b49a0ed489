/**
 * The screens' assets, compressed at build time (precompress.ts), served by a live server:
 * the same bytes whatever the client's Accept-Encoding, in the best coding it takes.
 */
import { request } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../main.js';
import { demoConfig, quietLogger, removeKeys, uniquePrefix } from '../../test/support/env.js';
import { acceptedCodings, precompressDir } from './precompress.js';

const prefix = uniquePrefix('static');
let server: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'surge-screens-'));
const script = Buffer.from(Array.from({ length: 800 }, (_, i) => `export const figure${i} = ${i} * 2; // waiting, longestWaitSec\n`).join(''));
const tiny = Buffer.from('body{margin:0}');

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="en"><title>wall</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), script);
  writeFileSync(join(dir, 'assets', 'tiny.css'), tiny);
  precompressDir(join(dir, 'assets'));
  server = await startServer(demoConfig(prefix), quietLogger(), { port: 0, screensDir: dir });
});
afterAll(async () => {
  await server?.stop();
  await removeKeys(prefix);
});

/** get fetches raw bytes (no client-side decoding) with the headers given. */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

const decode = (coding: string | undefined, body: Buffer) => (coding === 'br' ? brotliDecompressSync(body) : coding === 'gzip' ? gunzipSync(body) : body);

describe('precompressed assets', () => {
  it('the build step writes .br and .gz for files worth it, and leaves small ones alone', () => {
    expect(existsSync(join(dir, 'assets', 'app.js.br'))).toBe(true);
    expect(existsSync(join(dir, 'assets', 'app.js.gz'))).toBe(true);
    expect(existsSync(join(dir, 'assets', 'tiny.css.gz'))).toBe(false);
  });

  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, *', 'gzip'],
    ['identity', undefined],
    ['', undefined],
  ])('Accept-Encoding "%s" gets %s, whose bytes decode to the file', async (accept, coding) => {
    const res = await get('/assets/app.js', accept ? { 'accept-encoding': accept } : {});
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(coding);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers.vary).toBe('Accept-Encoding');
    if (coding) expect(res.body.length).toBeLessThan(script.length / 3);
    expect(decode(coding, res.body).equals(script)).toBe(true);
  });

  it('serves a file the build did not compress as is, to any client', async () => {
    const res = await get('/assets/tiny.css', { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.body.equals(tiny)).toBe(true);
  });
});

describe('acceptedCodings', () => {
  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ['gzip, br', ['br', 'gzip']],
    ['gzip;q=1, br;q=0.8', ['gzip', 'br']],
    ['x-gzip', ['gzip']],
    ['*;q=0.1, br;q=0', ['gzip']],
    ['GZIP ; Q=0.5', ['gzip']],
    ['compress, identity', []],
  ])('reads %s as %j', (header, codings) => {
    expect(acceptedCodings(header)).toEqual(codings);
  });
});
