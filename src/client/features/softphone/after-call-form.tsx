/**
 * After the call: what came of it (a disposition from the deployment's list) and free-text notes,
 * saved on the call for the history and the contact's timeline. Only for a call this agent held.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Me } from '../../../shared/agent-api.ts';
import { Button } from '../../components/ui/button.tsx';
import { callQueryOptions, dispositionsQueryOptions, useSaveWrapUp } from './desk-api.ts';

export function AfterCallForm({ callId, me }: { callId: string; me: Me }) {
  const call = useQuery(callQueryOptions(callId));
  const dispositions = useQuery(dispositionsQueryOptions());
  const save = useSaveWrapUp();
  const [disposition, setDisposition] = useState('');
  const [notes, setNotes] = useState('');
  const [editing, setEditing] = useState(false);
  const id = useId();
  if (!call.data || call.data.agentId !== me.id) return null;
  const saved = save.data ?? (call.data.disposition || call.data.notes ? call.data : null);
  const submit = () => save.mutate({ callId, body: { disposition: disposition || null, notes: notes.trim() || null } }, { onSuccess: () => setEditing(false) });
  return (
    <section aria-labelledby={`${id}-title`} data-testid="after-call" className="rounded-lg border border-violet-300 bg-white">
      <h2 id={`${id}-title`} className="border-b border-slate-200 px-3 py-2 font-semibold">
        After the call with {call.data.contactName}
      </h2>
      {saved && !editing && !save.isPending ? (
        <div className="flex items-start gap-2 px-3 py-2">
          <p className="flex-1" data-testid="after-call-saved" role="status">
            Saved{saved.disposition ? `: ${saved.disposition}` : ''}.{saved.notes && <span className="block text-slate-700 italic">“{saved.notes}”</span>}
          </p>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setDisposition(saved.disposition ?? '');
              setNotes(saved.notes ?? '');
              setEditing(true);
            }}
          >
            Edit
          </Button>
        </div>
      ) : (
        <form
          className="flex flex-col gap-2 p-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-disposition`} className="text-xs font-medium text-slate-700">
              Disposition
            </label>
            <select
              id={`${id}-disposition`}
              value={disposition}
              onChange={(e) => setDisposition(e.target.value)}
              className="h-8 rounded-md border border-slate-300 bg-white px-2"
            >
              <option value="">Choose…</option>
              {dispositions.data?.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-notes`} className="text-xs font-medium text-slate-700">
              Notes
            </label>
            <textarea
              id={`${id}-notes`}
              rows={3}
              maxLength={2000}
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  submit();
                }
              }}
              className="rounded-md border border-slate-300 px-2 py-1"
            />
          </div>
          <Button type="submit" variant="primary" size="sm" className="self-start" disabled={save.isPending || (!disposition && !notes.trim())}>
            Save
          </Button>
        </form>
      )}
    </section>
  );
}
