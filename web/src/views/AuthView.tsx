import { useState, type FormEvent } from 'react';
import { LoginDocument, SignUpDocument } from '../gql/graphql.ts';
import { postOperation, setSession } from '../session.ts';

type Mode = 'login' | 'signup';

/** Signed out, there is no Apollo client yet: the two mutations go straight to the gateway. */
export function AuthView() {
  const [mode, setMode] = useState<Mode>('login');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '');
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'login') {
        const answer = await postOperation(LoginDocument, { input: { login: field('login'), password: field('password') } });
        if (!answer.data) throw new Error(message(answer.errors, 'Wrong login or password.'));
        setSession(answer.data.login);
      } else {
        const answer = await postOperation(SignUpDocument, {
          input: { handle: field('handle'), email: field('email'), displayName: field('displayName'), password: field('password') },
        });
        if (!answer.data) throw new Error(message(answer.errors, 'Could not sign up.'));
        setSession(answer.data.signUp);
      }
      location.hash = '#/home';
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth" id="main">
      <h1 className="brand">Chorus</h1>
      <div role="tablist" aria-label="Account" className="auth-tabs">
        {(['login', 'signup'] as const).map((value) => (
          <button key={value} role="tab" aria-selected={mode === value} onClick={() => setMode(value)}>
            {value === 'login' ? 'Log in' : 'Sign up'}
          </button>
        ))}
      </div>
      <form onSubmit={submit} aria-label={mode === 'login' ? 'Log in' : 'Sign up'}>
        {mode === 'login' ? (
          <label>
            Handle or email
            <input name="login" autoComplete="username" required autoFocus />
          </label>
        ) : (
          <>
            <label>
              Handle
              <input name="handle" autoComplete="username" required pattern="[a-z0-9_]{3,30}" title="3–30 of a–z, 0–9 and _" />
            </label>
            <label>
              Display name
              <input name="displayName" autoComplete="name" required maxLength={64} />
            </label>
            <label>
              Email
              <input name="email" type="email" autoComplete="email" required />
            </label>
          </>
        )}
        <label>
          Password
          <input name="password" type="password" autoComplete={mode === 'login' ? 'current-password' : 'new-password'} required minLength={8} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {mode === 'login' ? 'Log in' : 'Create account'}
        </button>
      </form>
    </main>
  );
}

function message(errors: { message?: string }[] | undefined, fallback: string): string {
  return errors?.[0]?.message ?? fallback;
}
