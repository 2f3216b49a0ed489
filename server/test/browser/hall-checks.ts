/**
 * Legibility checks of a screen as laid out in the page. `hallProblems` (the wall) and `controlProblems`
 * (the control screen) list what a reader would not be able to read: an element outside its container
 * (tiles, totals and flow panel; the control screen's sections), a table or list that needs sideways
 * scrolling, two pieces of text on top of each other, text cut short with an ellipsis, and text smaller
 * than the screen's stated minimum (wallboard/src/lib/hall.ts; on the wall, labels that name a figure
 * have the larger one). Empty when fine.
 */
import type { Page } from 'playwright-core';
import { CONTROL_TEXT_MIN_REM, HALL_LABEL_MIN_REM, HALL_TEXT_MIN_REM, HALL_LABELS } from '../../../wallboard/src/lib/hall.js';

interface Layout {
  /** Every text under this is checked for size and cutting. */
  root: string;
  /** Each of these holds its elements; texts inside one must not overlap. */
  containers: string[];
  textMin: number;
  labelMin: number;
  labels: string;
  /** The page scrolls down (the control screen): containers need only fit the screen's width. */
  scrollsDown: boolean;
  /** Notes whose parts (`a · b`) must not break inside one that fits on a line ("15" / "min"). */
  notes: string | null;
}

const WALL: Layout = {
  root: 'main.wall',
  containers: ['article[data-centre]', 'section[data-totals]', 'section[data-kpi-strip]', 'section[data-flow-panel]'],
  textMin: HALL_TEXT_MIN_REM,
  labelMin: HALL_LABEL_MIN_REM,
  labels: HALL_LABELS,
  scrollsDown: false,
  notes: '.figure .note',
};

const CONTROL: Layout = {
  root: '.control',
  containers: ['.control > header', '.control > section', 'section.section'],
  textMin: CONTROL_TEXT_MIN_REM,
  labelMin: CONTROL_TEXT_MIN_REM,
  labels: 'th',
  scrollsDown: true,
  notes: null,
};

export const hallProblems = (page: Page): Promise<string[]> => screenProblems(page, WALL);
export const controlProblems = (page: Page): Promise<string[]> => screenProblems(page, CONTROL);

function screenProblems(page: Page, layout: Layout): Promise<string[]> {
  return page.evaluate(
    ({ root, containers, textMin, labelMin, labels, scrollsDown, notes }) => {
      const problems: string[] = [];
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
      const shown = (el: Element): boolean => {
        if (el.closest('.sr-only') !== null) return false;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        for (let e: Element | null = el; e; e = e.parentElement) {
          const s = getComputedStyle(e);
          if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false;
        }
        return true;
      };
      const name = (el: Element): string => {
        const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30);
        return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}> "${text}"`;
      };
      const ownText = (el: Element): Text[] => [...el.childNodes].filter((n): n is Text => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      // Where the glyphs are: the text's width, and one em high about its middle (the line box of a
      // font with tall ascenders, e.g. Noto CJK, is far taller than its ink and overlaps its neighbours').
      const textBox = (el: Element, nodes: Text[]): DOMRect => {
        let r: DOMRect;
        if (el instanceof SVGElement) r = el.getBoundingClientRect();
        else {
          const range = document.createRange();
          range.setStartBefore(nodes[0]!);
          range.setEndAfter(nodes[nodes.length - 1]!);
          r = range.getBoundingClientRect();
        }
        const em = parseFloat(getComputedStyle(el).fontSize);
        const lines = Math.max(1, Math.round(r.height / (em * 1.45)));
        if (lines > 1) return r;
        return new DOMRect(r.left, r.top + r.height / 2 - em / 2, r.width, em);
      };
      const within = (inner: DOMRect, outer: DOMRect): boolean =>
        inner.left >= outer.left - 1 && inner.top >= outer.top - 1 && inner.right <= outer.right + 1 && inner.bottom <= outer.bottom + 1;
      // A list that scrolls (overflow auto/scroll) clips its rows by design; it must not need sideways scrolling.
      const scroller = (el: Element, container: Element): Element | null => {
        for (let e = el.parentElement; e && e !== container; e = e.parentElement) {
          const s = getComputedStyle(e);
          if (/auto|scroll/.test(s.overflowX + s.overflowY)) return e;
        }
        return null;
      };
      const overlap = (a: DOMRect, b: DOMRect): number =>
        Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

      // Text everywhere on the screen: big enough, never cut short.
      for (const el of document.querySelectorAll(`${root} *`)) {
        const nodes = ownText(el);
        if (nodes.length === 0 || !shown(el)) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        const min = el.matches(labels) ? labelMin : textMin;
        if (size < min * rem - 0.05) problems.push(`${name(el)}: ${size.toFixed(1)} px, under ${(min * rem).toFixed(1)} px`);
        if (getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)}: cut short`);
      }

      // A note breaks between its parts, not inside one that would fit on a line of its own.
      for (const note of notes === null ? [] : document.querySelectorAll(`${root} ${notes}`)) {
        if (!shown(note)) continue;
        const nodes: Text[] = [];
        const walker = document.createTreeWalker(note, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
        // The text node and offset of a character of the note's text (its parts may sit in elements of their own).
        const point = (offset: number): [Text, number] => {
          for (const n of nodes) {
            if (offset < n.length) return [n, offset];
            offset -= n.length;
          }
          throw new Error(`no character ${offset} in ${name(note)}`);
        };
        let at = 0;
        for (const part of (note.textContent ?? '').split(' · ')) {
          const range = document.createRange();
          if (part.length > 0) {
            range.setStart(...point(at));
            const [last, offset] = point(at + part.length - 1);
            range.setEnd(last, offset + 1);
          }
          at += part.length + 3;
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          const width = rects.reduce((sum, r) => sum + r.width, 0);
          if (new Set(rects.map((r) => Math.round(r.top))).size > 1 && width <= note.clientWidth) problems.push(`${name(note)}: "${part}" broken across lines`);
        }
      }

      for (const selector of containers) {
        for (const container of document.querySelectorAll(selector)) {
          const box = container.getBoundingClientRect();
          const which = container.getAttribute('data-centre') ?? container.getAttribute('aria-label');
          const where = `${selector}${which ? `=${which}` : ''}`;
          const screen = scrollsDown ? new DOMRect(0, box.top, innerWidth, box.height) : new DOMRect(0, 0, innerWidth, innerHeight);
          if (!within(box, screen)) problems.push(`${where}: outside the screen`);
          const texts: { el: Element; box: DOMRect }[] = [];
          for (const el of container.querySelectorAll('*')) {
            if (!shown(el) || el.closest('defs, marker') !== null) continue;
            const scrolls = /auto|scroll/.test(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1;
            if (scrolls) problems.push(`${where}: ${name(el)} needs sideways scrolling (${el.scrollWidth} > ${el.clientWidth} px)`);
            const clip = scroller(el, container);
            if (clip !== null && !within(el.getBoundingClientRect(), clip.getBoundingClientRect())) continue; // scrolled out of view
            if (!within(el.getBoundingClientRect(), box)) problems.push(`${where}: ${name(el)} outside its container`);
            const nodes = ownText(el);
            if (nodes.length > 0) texts.push({ el, box: textBox(el, nodes) });
          }
          for (let i = 0; i < texts.length; i++)
            for (let j = i + 1; j < texts.length; j++) {
              const [a, b] = [texts[i]!, texts[j]!];
              if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
              if (overlap(a.box, b.box) > 2) problems.push(`${where}: ${name(a.el)} overlaps ${name(b.el)}`);
            }
        }
      }
      return problems;
    },
    layout,
  );
}
