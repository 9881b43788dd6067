import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { BusinessNumber } from '../../../shared/agent-api.ts';
import type { UserPermissionAction } from '../../../shared/sim-api.ts';
import type { Behaviour, TrainingCustomer } from '../../../shared/training-api.ts';
import { Button } from '../../components/ui/button.tsx';
import { customersQueryOptions, trainingApi, trainingKeys, useClassroomAction } from './api.ts';

const behaviourLabel: Record<Behaviour['kind'], string> = {
  answers: 'Answers', declines: 'Declines', never_answers: 'Never answers', busy: 'Busy', not_on_whatsapp: 'Not on WhatsApp',
};
const permissionLabel: Record<UserPermissionAction, string> = { grant_temporary: 'Grant 7 d', grant_permanent: 'Grant always', decline: 'Decline', revoke: 'Revoke' };

/** The simulated WhatsApp users: what each does when called, and what the trainer makes them do. */
export function CustomersPanel({ lines }: { lines: BusinessNumber[] }) {
  const customers = useQuery(customersQueryOptions());
  const [line, setLine] = useState('');
  const lineId = line || lines[0]?.id || '';
  const [payload, setPayload] = useState('');
  const [number, setNumber] = useState('');
  const refresh = [trainingKeys.customers];
  const setBehaviour = useClassroomAction(trainingApi.setBehaviour, { refresh, errorTitle: 'Could not change the behaviour' });
  const call = useClassroomAction((waId: string) => trainingApi.call(waId, { businessNumberId: lineId, ...(payload ? { ctaPayload: payload } : {}) }), {
    refresh, errorTitle: 'The customer could not call', done: (waId) => `${nameOf(customers.data, waId)} is calling the business`,
  });
  const permission = useClassroomAction((waId: string, action: UserPermissionAction) => trainingApi.permission(waId, lineId, action), {
    refresh, errorTitle: 'Could not change the permission', done: (waId, action) => `${nameOf(customers.data, waId)}: ${permissionLabel[action]}`,
  });
  const add = useClassroomAction(trainingApi.addCustomer, { refresh, errorTitle: 'Could not add the customer', done: (n) => `Added ${n}` });
  const submitAdd = (e: FormEvent) => {
    e.preventDefault();
    if (number.trim()) add.mutate([number.trim()], { onSuccess: () => setNumber('') });
  };
  return (
    <section aria-labelledby="customers-title" className="rounded-lg border border-slate-300 bg-white p-3">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="customers-title" className="mr-auto text-sm font-semibold text-slate-700">Customers</h2>
        <label htmlFor="classroom-line" className="text-xs font-medium text-slate-600">Business number</label>
        <select id="classroom-line" value={lineId} onChange={(e) => setLine(e.target.value)} className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm">
          {lines.map((l) => <option key={l.id} value={l.id}>{l.label}</option>)}
        </select>
        <label htmlFor="call-payload" className="text-xs font-medium text-slate-600">Call button payload</label>
        <input id="call-payload" value={payload} onChange={(e) => setPayload(e.target.value)} placeholder="optional" className="h-8 w-32 rounded-md border border-slate-300 px-2 text-sm" />
      </div>
      <table className="mt-2 w-full text-sm">
        <thead className="text-left text-xs text-slate-600">
          <tr><th className="py-1 font-medium">Customer</th><th className="font-medium">When a business calls</th><th className="font-medium">Actions</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {customers.data?.map((c) => (
            <tr key={c.waId} data-testid="customer-row" data-wa-id={c.waId}>
              <td className="py-1.5 pr-2">
                <span className="block font-medium">{c.name}</span>
                <span className="block text-xs text-slate-600">{c.displayNumber}{c.phoneOpen ? ' · phone page open' : ''}</span>
              </td>
              <td className="pr-2"><BehaviourPicker customer={c} onChange={(b) => setBehaviour.mutate([c.waId, b])} /></td>
              <td>
                <div className="flex flex-wrap gap-1">
                  <a href={`/phone/${c.waId}`} target="_blank" rel="noreferrer" className="inline-flex h-7 items-center rounded-md border border-slate-300 px-2 text-xs font-medium text-slate-800 hover:bg-slate-50">
                    Phone page<span className="sr-only"> of {c.name}</span>
                  </a>
                  <Button size="sm" disabled={!lineId || call.isPending} onClick={() => call.mutate([c.waId])} aria-label={`${c.name} calls the business`}>Call business</Button>
                  {(Object.keys(permissionLabel) as UserPermissionAction[]).map((action) => (
                    <Button key={action} size="sm" variant="ghost" disabled={!lineId || permission.isPending} onClick={() => permission.mutate([c.waId, action])} aria-label={`${c.name}: ${permissionLabel[action]}`}>
                      {permissionLabel[action]}
                    </Button>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={submitAdd} className="mt-2 flex items-center gap-2">
        <label htmlFor="add-customer" className="text-xs font-medium text-slate-600">Add by number</label>
        <input id="add-customer" value={number} onChange={(e) => setNumber(e.target.value)} placeholder="+49 151 1234 5678" className="h-8 w-48 rounded-md border border-slate-300 px-2 text-sm" />
        <Button type="submit" disabled={add.isPending || !number.trim()}>Add customer</Button>
      </form>
    </section>
  );
}

const nameOf = (list: TrainingCustomer[] | undefined, waId: string) => list?.find((c) => c.waId === waId)?.name ?? waId;

function BehaviourPicker({ customer, onChange }: { customer: TrainingCustomer; onChange: (b: Behaviour) => void }) {
  const b = customer.behaviour;
  const [seconds, setSeconds] = useState(String(b.kind === 'answers' ? b.afterSeconds : 1));
  const pick = (kind: Behaviour['kind']) => onChange(kind === 'answers' ? { kind, afterSeconds: Number(seconds) || 0 } : { kind } as Behaviour);
  return (
    <div className="flex items-center gap-1">
      <select aria-label={`When a business calls ${customer.name}`} value={b.kind} onChange={(e) => pick(e.target.value as Behaviour['kind'])} className="h-7 rounded-md border border-slate-300 bg-white px-1.5 text-xs">
        {(Object.keys(behaviourLabel) as Array<Behaviour['kind']>).map((k) => <option key={k} value={k}>{behaviourLabel[k]}</option>)}
      </select>
      {b.kind === 'answers' && (
        <label className="flex items-center gap-1 text-xs text-slate-600">
          after
          <input aria-label={`${customer.name} answers after seconds`} value={seconds} inputMode="decimal" onChange={(e) => setSeconds(e.target.value)}
            onBlur={() => Number(seconds) !== b.afterSeconds && onChange({ kind: 'answers', afterSeconds: Number(seconds) || 0 })} className="h-7 w-10 rounded-md border border-slate-300 px-1 text-xs" />
          s
        </label>
      )}
    </div>
  );
}
