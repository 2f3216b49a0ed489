/**
 * main picks the screen from the address: /control is the dispatcher's screen, /reports the
 * reports (behind the same sign-in), anything else (normally /wall) the wallboard. The server
 * serves this same page for all three.
 */
import { mount } from 'svelte';
import './styles.css';
import { screenFor } from './lib/route.js';
import { pickLocale, setLocale, t } from './i18n/index.js';
import { LOCALE_TAG } from './i18n/locale.js';
import { watchViewport } from './lib/viewport.svelte.js';
import { hallSizes } from './lib/hall.js';
import Wall from './wall/Wall.svelte';
import Control from './control/Control.svelte';

// The language first: everything shown from here on reads the catalogue.
const locale = pickLocale(location.search, document.documentElement.lang);
setLocale(locale);
document.documentElement.lang = LOCALE_TAG[locale];
const screen = screenFor(location.pathname);
// Reports are read at the same desk as the control screen, and look like it.
document.documentElement.classList.add(`screen-${screen}`, ...(screen === 'reports' ? ['screen-control'] : []));
watchViewport();
hallSizes(document.documentElement);
document.title = { control: t.control.pageTitle, reports: t.reports.pageTitle, wall: t.wall.pageTitle }[screen];

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');
if (screen === 'wall') mount(Wall, { target });
else mount(Control, { target, props: { reports: screen === 'reports' } });
