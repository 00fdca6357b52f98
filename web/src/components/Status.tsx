import type { ApiError } from '../api.js';

/** What a page shows while its data loads or when the server refused: never a blank page. */
export function Status({ loading, error, what }: { loading: boolean; error: ApiError | undefined; what: string }) {
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
