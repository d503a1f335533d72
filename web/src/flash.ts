/** A one-shot message carried across a navigation (e.g. "Alert closed" shown on the queue). */
let pending: string | undefined;

/** Leave a message for the next page to show. */
export function setFlash(message: string): void {
  pending = message;
}

/** Take the waiting message, if any. */
export function takeFlash(): string | undefined {
  const m = pending;
  pending = undefined;
  return m;
}
