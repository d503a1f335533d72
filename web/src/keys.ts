/** Keyboard moves through a list of rows: j/↓ down, k/↑ up, Enter opens, Esc clears (the queue's keys). */
import { useEffect, useRef, useState } from 'react';

/** Whether a key press belongs to a form control rather than to the page. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
}

/** Selection state and row refs for {@link useRowKeys}. */
export interface RowKeys<R extends HTMLElement> {
  selectedId: string | undefined;
  setSelectedId: (id: string | undefined) => void;
  /** Ref callback of the row with this id. */
  rowRef: (id: string) => (el: R | null) => void;
}

/** Move a selection through `ids` (in display order) with the keyboard; `open` runs on Enter. */
export function useRowKeys<R extends HTMLElement = HTMLTableRowElement>(
  ids: readonly string[],
  open: (id: string) => void,
): RowKeys<R> {
  const [selectedId, setSelectedId] = useState<string>();
  const rows = useRef(new Map<string, R>());
  const index = selectedId === undefined ? -1 : ids.indexOf(selectedId);

  function select(i: number): void {
    const id = ids[Math.max(0, Math.min(ids.length - 1, i))];
    if (id === undefined) return;
    setSelectedId(id);
    const row = rows.current.get(id);
    row?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  }

  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (e.key === 'j' || e.key === 'ArrowDown') select(index + 1);
      else if (e.key === 'k' || e.key === 'ArrowUp') select(index < 0 ? 0 : index - 1);
      else if (
        e.key === 'Enter' &&
        selectedId &&
        !(e.target instanceof HTMLAnchorElement || e.target instanceof HTMLButtonElement)
      )
        open(selectedId);
      else if (e.key === 'Escape') {
        setSelectedId(undefined);
        (document.activeElement as HTMLElement | null)?.blur();
      } else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const rowRef =
    (id: string) =>
    (el: R | null): void => {
      if (el) rows.current.set(id, el);
      else rows.current.delete(id);
    };
  return { selectedId, setSelectedId, rowRef };
}
