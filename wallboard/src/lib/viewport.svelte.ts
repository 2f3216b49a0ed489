/**
 * viewport: the size of one rem in CSS pixels, kept current on resize. The wall sizes everything
 * in rem (the root font size follows the viewport), and chart paddings in pixels follow it too.
 * `watchViewport` must run after the screen's class is on <html> (it sets the root font size).
 */
let rem = $state(16);

function measure(): void {
  rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

export function watchViewport(): void {
  measure();
  window.addEventListener('resize', measure);
}

export const viewport = {
  get rem() {
    return rem;
  },
};
