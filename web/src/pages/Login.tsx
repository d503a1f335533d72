/** Sign in by pasting an API token; the token stays in this tab's sessionStorage. */
import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { ApiError, setToken, signOut } from '../api.js';

/** The login page, shown whenever there is no token or the API refused it. */
export function Login() {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: SyntheticEvent): Promise<void> {
    e.preventDefault();
    const token = value.trim();
    if (!token) {
      setError('Paste a token first.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      // Check the token against an authenticated route before keeping it.
      const res = await fetch('/api/summary', { headers: { authorization: `Bearer ${token}` } });
      if (res.status === 401 || res.status === 403)
        throw new ApiError(res.status, 'Ward refused this token.');
      if (!res.ok) throw new ApiError(res.status, `The server answered ${res.status}.`);
      setToken(token);
    } catch (err) {
      signOut();
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <form onSubmit={(e) => void submit(e)} aria-describedby="login-help">
        <h1>Ward console</h1>
        <p id="login-help">
          Paste an API token. <code>ward start</code> prints an admin token on its first run; an admin can
          create more. The token is kept in this browser tab only.
        </p>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'login-error' : undefined}
          autoFocus
        />
        {error && (
          <p id="login-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
