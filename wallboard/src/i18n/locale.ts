/**
 * locale: which language a screen speaks. It comes from the address (`?lang=zh` or `?lang=en`),
 * else from the page's `<html lang>` (the server writes the config's `screens.locale` there), else English.
 */
import { LOCALES, type Locale } from '../../../server/config/locales.js';

export { LOCALES, LOCALE_TAG, type Locale } from '../../../server/config/locales.js';

/** asLocale reads "zh", "zh-CN", "zh-Hans", "en-GB"… as one of ours; anything else is null. */
export function asLocale(value: string | null | undefined): Locale | null {
  const base = value?.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : null;
}

/** pickLocale: the address's `lang`, else the page default, else English. */
export function pickLocale(search: string, pageDefault: string | null | undefined): Locale {
  return asLocale(new URLSearchParams(search).get('lang')) ?? asLocale(pageDefault) ?? 'en';
}
