import { useEffect, useState, type RefObject } from 'react';

/**
 * Which rows of a fixed-height list are in view (plus `overscan` on each side): the only ones to
 * render. Reads the scroll position and the viewport's height; no library.
 */
export function useVirtualRows(ref: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 6) {
  const [view, setView] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
    read();
    el.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, [ref]);
  const start = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  return { start, end, totalHeight: count * rowHeight };
}
