import type { RefObject } from 'react';
import type { CallController } from '../../call/call-controller.ts';
import { useHotkeys } from '../../lib/use-hotkeys.ts';

export const shortcuts = [
  { key: 'A', action: 'Accept call' },
  { key: 'D', action: 'Decline call' },
  { key: 'H', action: 'Hang up' },
  { key: 'M', action: 'Mute / unmute' },
  { key: '/', action: 'Filter contacts' },
  { key: '↑↓', action: 'Move in contacts' },
] as const;

/** The softphone's keys. Each controller method checks `can()` itself, so a key never does the illegal thing. */
export function useSoftphoneHotkeys(controller: CallController, filterRef: RefObject<HTMLInputElement | null>) {
  useHotkeys({
    a: () => void controller.accept(),
    d: () => void controller.decline(),
    h: () => void controller.hangUp(),
    m: () => controller.toggleMute(),
    '/': () => filterRef.current?.focus(),
  });
}

/** One compact strip: the keys are learnt in a day, after that the legend only needs to be glanceable. */
export function ShortcutLegend() {
  return (
    <section aria-labelledby="keys-title" data-testid="shortcut-legend" className="rounded-lg border border-slate-300 bg-white px-3 py-1.5">
      <h2 id="keys-title" className="sr-only">
        Keyboard
      </h2>
      <dl className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
        {shortcuts.map((s) => (
          <div key={s.key} className="flex items-center gap-1">
            <dt>
              <kbd className="inline-flex h-5 min-w-5 items-center justify-center rounded border border-slate-400 bg-slate-50 px-1 font-sans font-semibold">{s.key}</kbd>
            </dt>
            <dd className="text-slate-700">{s.action}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
