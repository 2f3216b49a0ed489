// Preload (node --import) that moves this process's clock by SURGE_CLOCK_SHIFT_MS, so the
// test suite can prove it does not depend on today's date. Redis keeps the real clock.
const shift = Number(process.env.SURGE_CLOCK_SHIFT_MS ?? 0);
if (shift !== 0) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + shift);
      else super(...args);
    }
    static now() {
      return realNow() + shift;
    }
  }
  globalThis.Date = ShiftedDate;
}
