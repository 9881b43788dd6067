import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ClientConfig } from '../../../shared/agent-api.ts';
import { navigate } from '../../app/router.ts';
import { Button } from '../../components/ui/button.tsx';
import { agentApi } from '../../lib/api-client.ts';
import { configQueryOptions, sessionKeys } from '../../lib/session.ts';

export function SignInPage() {
  const client = useQueryClient();
  const config = useQuery(configQueryOptions());
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const signIn = useMutation({
    mutationFn: agentApi.signIn,
    onSuccess(me) {
      client.setQueryData(sessionKeys.me, me);
      navigate('/', { replace: true });
    },
    onError: (err) => setProblem(err.message),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The form's required fields, said before a round trip; the server checks the rest (signInSchema).
    const missing = !username.trim() ? 'Enter a username' : !password ? 'Enter a password' : null;
    if (missing) return setProblem(missing);
    setProblem(null);
    signIn.mutate({ username: username.trim(), password });
  };

  const fill = (account: ClientConfig['demoAccounts'][number]) => {
    setUsername(account.username);
    setPassword(account.password);
    setProblem(null);
  };

  return (
    <main className="grid min-h-screen place-items-center p-6">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-lg font-semibold">Sign in to Ringside</h1>
        <p className="mb-5 text-slate-600">WhatsApp Business calling for agents.</p>
        <form onSubmit={submit} noValidate aria-label="Sign in" className="flex flex-col gap-3 rounded-lg border border-slate-300 bg-white p-5 shadow-sm">
          <Field id="username" label="Username" value={username} onChange={setUsername} autoComplete="username" />
          <Field id="password" label="Password" value={password} onChange={setPassword} autoComplete="current-password" type="password" />
          {problem && (
            <p role="alert" data-testid="sign-in-error" className="rounded-md bg-rose-50 px-3 py-2 text-rose-800">
              {problem}
            </p>
          )}
          <Button type="submit" variant="primary" size="lg" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
        {config.data?.mode === 'simulator' && config.data.demoAccounts.length > 0 && (
          <section aria-labelledby="demo-title" className="mt-5">
            <h2 id="demo-title" className="mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">
              Demo accounts (simulator)
            </h2>
            <ul className="flex flex-col gap-1">
              {config.data.demoAccounts.map((a) => (
                <li key={a.username}>
                  <button
                    type="button"
                    data-testid="demo-account"
                    onClick={() => fill(a)}
                    className="flex w-full items-center justify-between rounded-md border border-slate-300 bg-white px-3 py-1.5 text-left hover:bg-slate-50"
                  >
                    <span>
                      <span className="font-medium">{a.displayName}</span> <span className="text-slate-600">{a.username}</span>
                    </span>
                    <span className="text-xs text-slate-600">{a.role}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </main>
  );
}

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: string;
  type?: string;
}

function Field({ id, label, value, onChange, autoComplete, type = 'text' }: FieldProps) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        onChange={(e) => onChange(e.target.value)}
        className="h-9 rounded-md border border-slate-300 px-2.5 focus-visible:border-slate-900"
      />
    </div>
  );
}
