/**
 * IncidentIds hands out incident ids from the pipeline state's counter, no Redis INCR:
 * `INC-<yyyymmdd of now, UTC>-<epoch tag>-<number, 4 digits at least>`. The epoch tag keeps an
 * id (and the SMS ack code made from it) from repeating after Redis lost its state.
 */
export class IncidentIds {
  private readonly prefix: string;

  constructor(
    private seq: number,
    epochTag: string,
    now: number,
  ) {
    this.prefix = `INC-${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}-${epochTag}-`;
  }

  /** last is the number of the last id handed out, for the state. */
  get last(): number {
    return this.seq;
  }

  /** peek names the next id without taking it. */
  peek(): string {
    return `${this.prefix}${String(this.seq + 1).padStart(4, '0')}`;
  }

  /** next takes the next id. */
  next(): string {
    const id = this.peek();
    this.seq++;
    return id;
  }
}
