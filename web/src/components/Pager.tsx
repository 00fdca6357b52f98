/** Previous / next over an offset-paged list; the API answers pages of `limit` items. */
export function Pager({ offset, limit, count, onChange }: { offset: number; limit: number; count: number; onChange: (offset: number) => void }) {
  if (offset === 0 && count < limit) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        ← Previous
      </button>
      <span>
        {count === 0 ? 'none' : `${offset + 1}–${offset + count}`}
      </span>
      <button type="button" disabled={count < limit} onClick={() => onChange(offset + limit)}>
        Next →
      </button>
    </nav>
  );
}
