/**
 * The header's "Audio" menu: microphone, speaker and ringtone output, the pre-call check, and call
 * alerts for a hidden tab. A non-modal popover: a live call's controls stay usable beside it.
 */
import { Headphones } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { DeviceOption, DeviceRole } from '../../call/devices.ts';
import { Button } from '../../components/ui/button.tsx';
import { DeviceCheck } from './device-check.tsx';
import { useDevices, useDeviceState } from './devices-context.tsx';
import { CallAlerts } from './call-alerts.tsx';

export function AudioSettings() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const devices = useDevices();

  useEffect(() => {
    if (!open) return;
    void devices.refresh();
    panelRef.current?.querySelector('select')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!panelRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [open, devices]);

  return (
    <div className="relative">
      <Button
        ref={buttonRef}
        size="sm"
        variant="ghost"
        aria-expanded={open}
        aria-controls="audio-settings"
        data-testid="audio-settings-button"
        icon={<Headphones aria-hidden="true" className="size-3.5" />}
        onClick={() => setOpen(!open)}
      >
        Audio
      </Button>
      {open && (
        <div
          ref={panelRef}
          id="audio-settings"
          role="dialog"
          aria-modal="false"
          aria-labelledby="audio-settings-title"
          data-testid="audio-settings"
          className="absolute top-full right-0 z-40 mt-2 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-3 rounded-lg border border-slate-300 bg-white p-3 shadow-lg"
        >
          <h2 id="audio-settings-title" className="font-semibold">
            Audio devices
          </h2>
          <Pickers />
          <DeviceCheck />
          <CallAlerts />
        </div>
      )}
    </div>
  );
}

function Pickers() {
  const { mics, speakers, canPickOutput } = useDeviceState((s) => s);
  return (
    <div className="flex flex-col gap-2">
      <Picker role="mic" label="Microphone" options={mics} />
      {canPickOutput ? (
        <>
          <Picker role="speaker" label="Speaker" options={speakers} />
          <Picker role="ringtone" label="Ringtone output" options={speakers} />
        </>
      ) : (
        <p className="text-xs text-slate-600">This browser plays calls on the system’s default speaker.</p>
      )}
    </div>
  );
}

function Picker({ role, label, options }: { role: DeviceRole; label: string; options: DeviceOption[] }) {
  const devices = useDevices();
  const chosen = useDeviceState((s) => s.chosen[role].id);
  const id = useId();
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] items-center gap-2">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {label}
      </label>
      <select id={id} data-testid={`${role}-select`} value={chosen} onChange={(e) => devices.choose(role, e.target.value)} className="h-8 min-w-0 rounded-md border border-slate-300 bg-white px-2 text-sm">
        <option value="">System default</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
