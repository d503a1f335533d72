/** Loading, error and empty states shared by every page. */
import type { ReactNode } from 'react';

/** Shows a load error (kept beside stale data) or a first-load spinner text. */
export function LoadState({
  error,
  loading,
  hasData,
}: {
  error?: string;
  loading: boolean;
  hasData: boolean;
}) {
  if (error)
    return (
      <p className="error" role="alert">
        Could not load: {error}
      </p>
    );
  if (loading && !hasData)
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  return null;
}

/** A friendly "nothing here" block. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A titled card. */
export function Card({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const id = `card-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className={wide ? 'card wide' : 'card'} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
