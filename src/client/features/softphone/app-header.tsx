import { LogOut, Phone } from 'lucide-react';
import type { BusinessNumber, Me } from '../../../shared/agent-api.ts';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import type { WarmMic } from '../../call/warm-mic.ts';
import type { LinkStatus } from '../../lib/agent-events.ts';
import { AudioSettings } from './audio-settings.tsx';
import { MicStandby } from './mic-standby.tsx';
import { PresencePicker } from './presence-picker.tsx';

interface AppHeaderProps {
  me: Me;
  lines: BusinessNumber[] | undefined;
  line: BusinessNumber | null;
  onSelectLine: (id: string) => void;
  link: LinkStatus;
  /** The microphone between calls, for its standby notice. */
  mic: WarmMic;
  onSignOut: () => void;
  signingOut: boolean;
}

export function AppHeader({ me, lines, line, onSelectLine, link, mic, onSignOut, signingOut }: AppHeaderProps) {
  return (
    <header className="flex min-h-12 shrink-0 flex-wrap items-center gap-x-3 gap-y-1.5 border-b border-slate-300 bg-white px-3 py-1.5 sm:px-4">
      <h1 className="flex items-center gap-1.5 font-semibold">
        <span className="grid size-6 place-items-center rounded-md bg-emerald-700 text-white">
          <Phone aria-hidden="true" className="size-3.5" />
        </span>
        Ringside
      </h1>
      <div className="flex min-w-0 items-center gap-2 sm:ml-3">
        <label htmlFor="business-line" className="text-xs font-medium text-slate-600">
          Line
        </label>
        <select
          id="business-line"
          data-testid="business-line-select"
          value={line?.id ?? ''}
          disabled={!lines?.length}
          onChange={(e) => onSelectLine(e.target.value)}
          className="h-8 max-w-56 min-w-0 rounded-md border border-slate-300 bg-white px-2 text-sm sm:max-w-96"
        >
          {!lines && <option value="">Loading lines…</option>}
          {lines?.map((l) => (
            <option key={l.id} value={l.id}>
              {l.displayNumber} · {l.label}
              {l.profile === 'sandbox' ? ' (sandbox)' : ''}
            </option>
          ))}
        </select>
        {line && (
          <Badge data-testid="line-profile" tone={line.profile === 'sandbox' ? 'warning' : 'neutral'}>
            {line.profile === 'sandbox' ? 'Sandbox' : 'Production'}
          </Badge>
        )}
      </div>
      <div className="ml-auto flex flex-wrap items-center justify-end gap-x-3 gap-y-1.5">
        <AudioSettings />
        <MicStandby mic={mic} />
        <LinkIndicator status={link} />
        {me.role !== 'supervisor' && <PresencePicker me={me} />}
        <span className="text-right leading-tight" data-testid="current-user">
          <span className="block font-medium">{me.displayName}</span>
          <span className="block text-xs text-slate-600">{me.role}</span>
        </span>
        <Button variant="ghost" size="sm" icon={<LogOut aria-hidden="true" className="size-3.5" />} onClick={onSignOut} disabled={signingOut}>
          Sign out
        </Button>
      </div>
    </header>
  );
}

const linkText: Record<LinkStatus, { text: string; dot: string }> = {
  connecting: { text: 'Connecting…', dot: 'bg-slate-400' },
  open: { text: 'Live', dot: 'bg-emerald-600' },
  reconnecting: { text: 'Reconnecting… calls may not ring', dot: 'bg-amber-500' },
};

function LinkIndicator({ status }: { status: LinkStatus }) {
  const { text, dot } = linkText[status];
  return (
    <span role="status" data-testid="link-status" data-status={status} className={`flex items-center gap-1.5 text-xs ${status === 'reconnecting' ? 'font-medium text-amber-900' : 'text-slate-600'}`}>
      <span aria-hidden="true" className={`size-2 rounded-full ${dot}`} />
      {text}
    </span>
  );
}
