import { describe, expect, it } from 'vitest';
import { actionAllowed, centreName, incidentTitle, typeName, type Action } from '../src/lib/incidents.js';
import { incident, topology } from './fixtures.js';

describe('incident names', () => {
  it.each([
    ['traffic_surge', 'Traffic surge'],
    ['equipment_failure', 'Equipment / network failure'],
    ['alien_visit', 'alien visit'],
  ])('typeName(%s) = %s', (type, name) => expect(typeName(type)).toBe(name));

  it('centre names, with `all` as the whole network and unknown ids as they are', () => {
    expect([centreName('hz', topology.centres), centreName('all', topology.centres), centreName('xx', topology.centres)]).toEqual(['Hangzhou', 'All centres', 'xx']);
  });

  it('incidentTitle', () => expect(incidentTitle(incident({ type: 'fire', centre: 'wh' }), topology.centres)).toBe('Fire · Wuhan'));
});

describe('actionAllowed', () => {
  const all: Action[] = ['ack', 'escalate', 'deescalate', 'release', 'resolve'];
  const allowed = (over: Parameters<typeof incident>[0]) => all.filter((a) => actionAllowed(incident(over), a));
  it.each([
    { name: 'a yellow incident from the rules', over: { level: 'yellow' as const }, actions: ['ack', 'escalate', 'deescalate', 'resolve'] },
    { name: 'black cannot go higher', over: { level: 'black' as const, heldLevel: 'black' as const }, actions: ['ack', 'deescalate', 'release', 'resolve'] },
    { name: 'normal (quiet period) cannot go lower', over: { level: 'normal' as const }, actions: ['ack', 'escalate', 'resolve'] },
    { name: 'a resolved incident takes nothing', over: { state: 'resolved' as const }, actions: [] },
  ])('$name', ({ over, actions }) => expect(allowed(over)).toEqual(actions));
});

