/**
 * The `live:` section: limits of the `/v1/live` screen sockets. A screen asks for a fresh
 * snapshot (`resync`) when it saw a gap in `seq` and asks again every 5 s until answered, so
 * a few at once and one every 5 s serve any honest screen.
 */
import type { z } from 'zod';
import { section } from '../../config/fields.js';
import { bucket } from '../../platform/http/limits-config.js';

export const liveSchema = section({
  /** Messages (resync requests) per socket: `burst` at once, `perSec` more every second. */
  resync: bucket({ perSec: 0.2, burst: 5 }),
}).prefault({});

export type LiveSettings = z.output<typeof liveSchema>;
