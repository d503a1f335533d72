/** Hash routing (`#/alerts/ID`): the server serves one index.html at `/`, so deep links need no fallback route. */
import { useEffect, useState } from 'react';

/** A parsed location: path segments (decoded) and query parameters of the hash. */
export interface Route {
  parts: string[];
  params: URLSearchParams;
}

function parse(): Route {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = hash.split('?', 2);
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => decodeURIComponent(p));
  return { parts, params: new URLSearchParams(search) };
}

/** The current route; re-renders on navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const on = (): void => setRoute(parse());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** The href of a console page, e.g. `href('alerts', id)`. */
export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}

/** Go to a console page. */
export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}

/** Go to `page` with one query parameter of `params` set (or removed when `value` is empty): list filters. */
export function navigateWithParam(page: string, params: URLSearchParams, key: string, value: string): void {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  const s = next.toString();
  navigate(`${href(page)}${s ? `?${s}` : ''}`);
}

/** The address of a patient's access report page. */
export function reportHref(patient: string): string {
  return `${href('reports')}?${new URLSearchParams({ patient }).toString()}`;
}
