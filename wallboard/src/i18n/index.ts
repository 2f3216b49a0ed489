/**
 * i18n: the screen's message catalogue. `t` is the active language's messages (a live binding:
 * main.ts calls `setLocale` once, before anything is shown); `locale` is its name. Each language's
 * messages are in one file (en.ts, zh.ts); zh.ts is typed by en.ts, so a missing or extra key fails
 * the type-check.
 */
import { en, type Messages } from './en.js';
import { zh } from './zh.js';
import { LOCALE_TAG, type Locale } from './locale.js';

export type { Messages } from './en.js';
export { pickLocale, type Locale } from './locale.js';

const CATALOGUES: Record<Locale, Messages> = { en, zh };

export let t: Messages = en;
export let locale: Locale = 'en';
/** The active locale's BCP 47 tag, for Intl. */
export let localeTag: string = LOCALE_TAG.en;

export function setLocale(next: Locale): void {
  locale = next;
  t = CATALOGUES[next];
  localeTag = LOCALE_TAG[next];
}
