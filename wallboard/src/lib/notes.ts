/**
 * notes: a record's note (a code and parameters the server saved beside its English words) in the
 * screen's language. A record without a note (saved before notes existed), with a code this screen
 * does not know (a newer server) or with a parameter missing is shown as the server wrote it.
 */
import type { Note } from '../../../server/platform/i18n/note.js';
import type { TopologyCentre } from './live/protocol.js';
import { centreName } from './incidents.js';
import { clock, day, mediaName, seatName, staffing } from './format.js';
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
  /** nested: the note a `reasonCode` parameter names, with the other parameters (never itself again). */
  nested(): Note | undefined {
    const { reasonCode, ...params } = this.params;
    return typeof reasonCode === 'string' ? { code: reasonCode, params } : undefined;
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

/** what: the re-routed traffic — a queue, or a media. */
const what = (p: Params): string => (p.has('queue') ? t.note.reroute.queue(p.text('queue')) : t.note.reroute.media(mediaName(p.text('media')).toLowerCase()));

/** candidates: numbered centres with their staffing gap (absent without figures) and level, e.g. `other1`. */
function candidates(p: Params, name: string, centres: Centres): string {
  const parts: string[] = [];
  for (let i = 1; p.has(`${name}Centre${i}`); i++) {
    const centre = centreName(p.text(`${name}Centre${i}`), centres);
    const level = stepLevelName(p.text(`${name}Level${i}`));
    parts.push(p.has(`${name}Gap${i}`) ? t.note.reroute.candidate(centre, staffing(p.number(`${name}Gap${i}`)), level) : t.note.reroute.noFigures(centre, level));
  }
  return parts.join(t.note.reroute.candidateSeparator);
}

/** moved: where a re-route sent the traffic, each target with its share and spare agents, and who was passed over. */
function moved(p: Params, centres: Centres): string {
  const targets: string[] = [];
  for (let i = 1; p.has(`toCentre${i}`); i++) targets.push(t.note.reroute.target(centreName(p.text(`toCentre${i}`), centres), shareText(p.number(`toShare${i}`)), p.number(`toSpare${i}`)));
  const from = centreName(p.text('from'), centres);
  const passed = p.has('passedCentre1') ? t.note.reroute.passedOver(candidates(p, 'passed', centres)) : '';
  return t.note.reroute.moved(shareText(p.number('share')), from, what(p), targets.join(t.note.listSeparator), stepLevelName(p.text('level'))) + passed;
}

/** seatsChosen: why a seats step called in that many people — asked or sized by Erlang C, capped, short of roster. */
function seatsChosen(p: Params, centres: Centres): string {
  const w = t.note.seats;
  const centre = centreName(p.text('centre'), centres);
  const gaps: string[] = [];
  for (let i = 1; p.has(`gapQueue${i}`); i++) gaps.push(w.gap(p.text(`gapQueue${i}`), staffing(p.number(`gap${i}`))));
  const reasons = [p.has('asked') ? w.asked(p.number('asked')) : p.has('autoGap') ? w.auto(p.number('autoGap'), centre, gaps.join(t.note.listSeparator)) : w.autoNoFigures(centre)];
  if (p.has('max')) reasons.push(w.capped(p.number('max')));
  if (p.has('roster')) reasons.push(p.number('roster') === 0 ? w.rosterEmpty(centre, seat(p)) : w.rosterLeft(p.number('left'), p.number('roster'), centre, seat(p), p.number('busy')));
  return w.outcome(reasons.join(w.separator), p.number('count'), seat(p));
}

/** reason: a reason given as a nested note (`reasonCode` with its parameters), else its English words. */
const reason = (p: Params, centres: Centres): string => noteText(p.nested(), p.text('reason'), centres);

const RENDER: Record<string, (p: Params, centres: Centres) => string> = {
  'step.planChanged': () => t.note.step.planChanged,
  'step.levelFell': (p) => t.note.step.levelFell(stepLevelName(p.text('level'))),
  'step.awaitingApproval': () => t.note.step.awaitingApproval,
  'step.alerting': (p) => t.note.step.alerting(p.text('group')),
  'step.noSeats': (p, centres) => t.note.step.noSeats(seat(p), reason(p, centres)),
  'step.seatsActivated': (p, centres) => t.note.step.seatsActivated(p.number('count'), seat(p), reason(p, centres)),
  'step.notRerouted': (p, centres) => t.note.step.notRerouted(reason(p, centres)),
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
  'step.announced': (p) =>
    p.text('offer') === 'none'
      ? t.note.step.announced(p.text('message'), p.text('queues'))
      : t.note.step.announcedOffering(p.text('message'), p.text('queues'), t.note.step.offer[p.text('offer')] ?? p.text('offer'), p.number('waiting')),
  'step.noAnnounceQueues': (p, centres) => t.note.step.noAnnounceQueues(centreName(p.text('centre'), centres)),
  'step.announcementEnded': (p) => t.note.step.announcementEnded(why(p)),
  'step.reminding': (p) => t.note.step.reminding(p.text('list'), p.number('sent'), p.number('failed'), p.number('optedOut'), p.number('total')),
  'step.reminded': (p) =>
    t.note.step.reminded(p.text('list'), p.number('sent'), p.number('failed'), p.number('optedOut'), p.number('total')) +
    (p.has('fell') ? t.note.step.remindStopped(stepLevelName(p.text('fell'))) : ''),
  'step.noCustomerList': (p) => t.note.step.noCustomerList(p.text('list')),
  'seats.chosen': seatsChosen,
  'reroute.networkWide': (p) => t.note.reroute.networkWide(what(p)),
  'reroute.noOtherCentre': (p, centres) => t.note.reroute.noOtherCentre(centreName(p.text('from'), centres), what(p)),
  'reroute.noSpare': (p, centres) => t.note.reroute.noSpare(what(p), centreName(p.text('from'), centres), candidates(p, 'other', centres)),
  'reroute.moved': moved,
  'reroute.restored': (p) => t.note.reroute.restored(why(p)),
  'sms.standbyRoster': (p, centres) => t.note.sms.standbyRoster(centreName(p.text('centre'), centres), seat(p)),
  'sms.reminder': (p) => t.note.sms.reminder(p.text('list')),
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
