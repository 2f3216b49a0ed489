/**
 * Quick rules and plans for tests: quickVoiceRules writes a rules file with one rule on the
 * voice queues that goes yellow, orange and red at 3, 6 and 9 calls waiting, clearing in
 * seconds instead of the shipped minutes, so a test sees levels move at once. Each test says
 * only where it differs.
 */
type Level = 'yellow' | 'orange' | 'red';

export interface QuickVoiceRule {
  name?: string;
  scope?: string;
  clear?: string;
  /** The calls waiting at which each level starts; the levels not named are left out. */
  at?: Partial<Record<Level, number>>;
  /** How long a level's condition must hold (`for:`); unset, the rule says nothing. */
  hold?: Partial<Record<Level, string>>;
}

const LEVELS: Level[] = ['yellow', 'orange', 'red'];

export function quickVoiceRules({
  name = 'test-voice',
  scope = 'queue:*/voice',
  clear = '1s',
  at = { yellow: 3, orange: 6, red: 9 },
  hold = {},
}: QuickVoiceRule = {}): string {
  const levels = LEVELS.filter((level) => at[level] !== undefined).map((level) => {
    const holding = hold[level] === undefined ? '' : `, for: ${hold[level]}`;
    return `    ${level}: { when: waiting >= ${at[level]}${holding} }\n`;
  });
  return `\nrules:\n  - name: ${name}\n    scope: ${scope}\n    clear: ${clear}\n${levels.join('')}`;
}

/** alertPlan is the plan that texts a group with the level alert when a level is reached, as a `plans:` list item. */
export function alertPlan(name: string, level: Level, group: string): string {
  return `  - name: ${name}\n    level: ${level}\n    actions: [{ notify: { group: ${group}, template: level-alert } }]\n`;
}

/**
 * ESCALATION_PLANS text one group at yellow, the emergency echelon and one home seat at orange,
 * and re-route 30 % of voice with a banner at red: each person gets one SMS per incident.
 */
export const ESCALATION_PLANS = `
plans:
${alertPlan('warn', 'yellow', 'duty-managers')}  - name: staff
    level: orange
    actions:
      - notify: { group: emergency-echelon, template: level-alert }
      - activateSeats: { seatType: home, count: 1 }
  - name: divert
    level: red
    actions:
      - reroute: { queue: voice, share: 30% }
      - banner: { text: "RED: voice re-routed" }
`;
