/**
 * main picks the screen from the address: /control is the dispatcher's screen, anything else
 * (normally /wall) the wallboard. The server serves this same page for both.
 */
import { mount } from 'svelte';
import './styles.css';
import { screenFor } from './lib/route.js';
import { watchViewport } from './lib/viewport.svelte.js';
import Wall from './wall/Wall.svelte';
import Control from './control/Control.svelte';

const screen = screenFor(location.pathname);
document.documentElement.classList.add(`screen-${screen}`);
watchViewport();
document.title = screen === 'control' ? 'Surge Control — dispatch' : 'Surge Control — wallboard';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');
mount(screen === 'control' ? Control : Wall, { target });
