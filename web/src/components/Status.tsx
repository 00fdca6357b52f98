import { useState, type FormEvent } from 'react';
import { setToken, type ApiError } from '../api.js';

/** What a page shows while its data loads or when the server refused: never a blank page. */
export function Status({ loading, error, what }: { loading: boolean; error: ApiError | undefined; what: string }) {
  if (error?.status === 401) return <TokenForm />;
  if (error) {
    return (
      <p className="status error" role="alert">
        Could not load {what}: {error.message}
      </p>
    );
  }
  if (loading) {
    return (
      <p className="status" role="status" aria-live="polite">
        Loading {what}…
      </p>
    );
  }
  return null;
}

/** A server started with --token wants it on every API call: asked once, kept for this tab's session. */
function TokenForm() {
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    setToken(value.trim());
    location.reload();
  };
  return (
    <form className="panel" onSubmit={submit} role="alert">
      <p>This server needs its API token (the one it was started with).</p>
      <label>
        API token
        <input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>{' '}
      <button type="submit" className="primary">
        Use token
      </button>
    </form>
  );
}
