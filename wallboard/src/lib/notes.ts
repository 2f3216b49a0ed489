/**
 * notes: a record's note (a code and parameters the server saved beside its English words) in the
 * screen's language. A record without a note (saved before notes existed), with a code this screen
 * does not know (a newer server) or with a parameter missing is shown as the server wrote it.
 */
import type { Note } from '../../../server/platform/i18n/note.js';
import type { TopologyCentre } from './live/protocol.js';
import { centreName } from './incidents.js';
import { clock, day, seatName } from './format.js';
import { stepLevelName } from './plans.js';
import { routedTraffic, shareText } from './routing.js';
import { t } from '../i18n/index.js';

type Centres = readonly Pick<TopologyCentre, 'id' | 'name'>[];

/** Params reads a note's parameters; a missing one ends the rendering (the English text is shown). */
class Params {
  constructor(private readonly params: Note['params']) {}
  text(name: string): string {
    const value = this.params[name];
    if (value === undefined) throw new MissingParam(name);
    return String(value);
  }
  number(name: string): number {
    const value = this.params[name];
    if (typeof value !== 'number') throw new MissingParam(name);
    return value;
  }
  has(name: string): boolean {
    return this.params[name] !== undefined;
  }
}

class MissingParam extends Error {}

const seat = (p: Params) => seatName(p.text('seatType')).toLowerCase();

/** why: the reason a step was undone (`expired`, `resolved`, `levelFell` with its level). */
function why(p: Params): string {
  const code = p.text('why');
  if (code === 'levelFell') return t.note.why.levelFell(stepLevelName(p.text('level')));
  if (code === 'expired' || code === 'resolved') return t.note.why[code];
  throw new MissingParam('why');
}

/** targets: the numbered `centreN` / `shareN` parameters of a re-route, in words. */
function targets(p: Params, centres: Centres): string {
  const parts: string[] = [];
  for (let i = 1; p.has(`centre${i}`); i++) parts.push(t.note.step.target(centreName(p.text(`centre${i}`), centres), shareText(p.number(`share${i}`))));
  return parts.join(t.note.listSeparator);
}

const RENDER: Record<string, (p: Params, centres: Centres) => string> = {
  'step.planChanged': () => t.note.step.planChanged,
  'step.levelFell': (p) => t.note.step.levelFell(stepLevelName(p.text('level'))),
  'step.awaitingApproval': () => t.note.step.awaitingApproval,
  'step.alerting': (p) => t.note.step.alerting(p.text('group')),
  'step.noSeats': (p) => t.note.step.noSeats(seat(p), p.text('reason')),
  'step.seatsActivated': (p) => t.note.step.seatsActivated(p.number('count'), seat(p), p.text('reason')),
  'step.notRerouted': (p) => t.note.step.notRerouted(p.text('reason')),
  'step.rerouted': (p, centres) => t.note.step.rerouted(targets(p, centres)),
  'step.bannerShown': (p) => t.note.step.bannerShown(p.text('text')),
  'step.levelFellUnapproved': () => t.note.step.levelFellUnapproved,
  'step.keptInForce': (p) => t.note.step.keptInForce(`${day(p.number('until'))} ${clock(p.number('until'))}`),
  'step.undoAwaitingApproval': () => t.note.step.undoAwaitingApproval,
  'step.seatsReleased': (p) => t.note.step.seatsReleased(why(p), p.number('count')),
  'step.nothingToRestore': () => t.note.step.nothingToRestore,
  'step.routingRestored': (p, centres) =>
    t.note.step.routingRestored(why(p), routedTraffic({ from: p.text('from'), ...(p.has('queue') ? { queue: p.text('queue') } : {}), ...(p.has('media') ? { media: p.text('media') } : {}) }, centres)),
  'step.bannerTakenDown': () => t.note.step.bannerTakenDown,
  'step.cancelled': (p) => t.note.step.cancelled(p.text('who'), p.text('reason')),
  'step.undoCancelled': (p) => t.note.step.undoCancelled(p.text('who'), p.text('reason')),
  'sms.standbyRoster': (p, centres) => t.note.sms.standbyRoster(centreName(p.text('centre'), centres), seat(p)),
};

/** noteText: the note in the screen's language, else `english` (the record's own words). */
export function noteText(note: Note | undefined, english: string, centres: Centres = []): string {
  const render = note && RENDER[note.code];
  if (!note || !render) return english;
  try {
    return render(new Params(note.params ?? {}), centres);
  } catch (err) {
    if (err instanceof MissingParam) return english;
    throw err;
  }
}
