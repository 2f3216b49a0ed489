/**
 * The plan preview's shape (types only), here so that incidents, which keep the preview of a
 * declaration (`declaredPreview`), need not import from the plans stage downstream of them; the
 * plans stage computes previews (plans/preview/) and imports these types from here.
 */
import type { Media } from '../ingest/contract.js';

/** StandbySeatType: home-based, on-site backup, or a single phone/IM seat (plans/types.ts lists them as STANDBY_SEAT_TYPES). */
export type StandbySeatType = 'home' | 'backup' | 'phone_im';

/** PreviewAction: one step as the preview models it (a declared level is several). */
export type PreviewAction =
  | { kind: 'reroute'; centre: string; spec: { queue?: string | undefined; media?: Media | undefined }; to: { centre: string; share: number }[] }
  | { kind: 'activateSeats'; centre: string; seatType: StandbySeatType; count: number };

/** Prediction: one centre at one minute. */
export interface Prediction {
  loadPerMin: number;
  agents: number;
  /** Load-weighted over the centre's queues; null when nothing is offered. */
  serviceLevel: number | null;
  waitSec: number | null;
  waiting: number | null;
}

/** CentrePreview: one affected centre, minute by minute (inMin 1…30). */
export interface CentrePreview {
  centre: string;
  /** `from`: the centre in trouble (or getting seats); `to`: taking re-routed traffic. */
  role: 'from' | 'to';
  minutes: { inMin: number; without: Prediction; with: Prediction }[];
}

export interface Preview {
  /** When the figures were read (epoch ms). */
  at: number;
  actions: PreviewAction[];
  centres: CentrePreview[];
}

/** StepPreview: a preview as stored on a step and answered by `POST /v1/preview`, with the kinds of action it could not model. */
export type StepPreview = Preview & { notModelled: string[] };
