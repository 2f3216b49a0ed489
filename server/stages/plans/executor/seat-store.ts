/** SeatStore keeps the standby seats activated by plans, per centre and person, until released. */
import type { Redis } from 'ioredis';
import type { Keys } from '../../../platform/redis/keys.js';
import { JsonHash } from '../../../platform/redis/json-hash.js';

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

export class SeatStore extends JsonHash<ActiveSeat> {
  constructor(redis: Redis, keys: Keys) {
    super(redis, keys.seats(), (seat) => `${seat.centre}/${seat.person}`);
  }

  /** release removes the seats a plan step activated and returns them. */
  async release(step: string): Promise<ActiveSeat[]> {
    const released = (await this.list()).filter((s) => s.step === step);
    await this.delete(released.map(this.fieldOf));
    return released;
  }

  async list(): Promise<ActiveSeat[]> {
    return (await this.values()).sort((a, b) => a.since - b.since);
  }
}
