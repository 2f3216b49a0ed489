/**
 * main picks the screen from the address: /control is the dispatcher's screen, anything else
 * (normally /wall) the wallboard. The server serves this same page for both.
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
document.documentElement.classList.add(`screen-${screen}`);
watchViewport();
hallSizes(document.documentElement);
document.title = screen === 'control' ? t.control.pageTitle : t.wall.pageTitle;

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');
mount(screen === 'control' ? Control : Wall, { target });
