/** SeatStore keeps the standby seats activated by plans, per centre and person, until released. */
import type { Redis } from 'ioredis';
import type { Keys } from '../../../platform/redis/keys.js';

export interface ActiveSeat {
  centre: string;
  person: string;
  name: string;
  seatType: string;
  incidentId: string;
  /** The plan step that activated it (and will release it). */
  step: string;
  since: number;
}

export class SeatStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async activate(seats: ActiveSeat[]): Promise<void> {
    if (seats.length === 0) return;
    await this.redis.hset(this.keys.seats(), ...seats.flatMap((s) => [`${s.centre}/${s.person}`, JSON.stringify(s)]));
  }

  /** release removes the seats a plan step activated and returns them. */
  async release(step: string): Promise<ActiveSeat[]> {
    const released = (await this.list()).filter((s) => s.step === step);
    if (released.length > 0) await this.redis.hdel(this.keys.seats(), ...released.map((s) => `${s.centre}/${s.person}`));
    return released;
  }

  async list(): Promise<ActiveSeat[]> {
    return (await this.redis.hvals(this.keys.seats())).map((t) => JSON.parse(t) as ActiveSeat).sort((a, b) => a.since - b.since);
  }
}
