/** watchWaiting connects a wallboard (/v1/live) to an instance and records every `waiting` figure it hears for one scope. */
import WebSocket from 'ws';
import { TOKENS } from './env.js';

export function watchWaiting(port: number, scope: string): { seen: number[]; close(): void } {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/live?token=${TOKENS.display}`);
  const seen: number[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { scopes?: Record<string, { waiting: number }> };
    const w = m.scopes?.[scope]?.waiting;
    if (w !== undefined) seen.push(w);
  });
  return { seen, close: () => ws.close() };
}
