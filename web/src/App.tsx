/** Shell of the console: login gate, navigation, wall-screen mode and the page for the current route. */
import { useEffect, useState } from 'react';
import type { MouseEvent } from 'react';
import { getToken, onAuthChange, signOut } from './api.js';
import { href, useRoute } from './route.js';
import { Login } from './pages/Login.js';
import { Overview } from './pages/Overview.js';
import { AlertQueue } from './pages/AlertQueue.js';
import { AlertPage } from './pages/AlertPage.js';
import { DeadLetters } from './pages/DeadLetters.js';
import { Entities } from './pages/Entities.js';
import { EntityPage } from './pages/EntityPage.js';
import { PrivacyCases } from './pages/PrivacyCases.js';
import { CasePage } from './pages/CasePage.js';
import { PatientReportPage } from './pages/PatientReport.js';
import { LiveIndicator } from './components/Live.js';
import { startLive } from './live.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';

const NAV = [
  { path: '', text: 'Overview' },
  { path: 'alerts', text: 'Alert queue' },
  { path: 'privacy', text: 'Privacy cases' },
  { path: 'reports', text: 'Access report' },
  { path: 'entities', text: 'Entities' },
  { path: 'dead-letters', text: 'Dead letters' },
] as const;

/** `?wall=1` (in the page URL or the hash) switches to large type for a SOC wall screen. */
function wallMode(params: URLSearchParams): boolean {
  return new URLSearchParams(window.location.search).get('wall') === '1' || params.get('wall') === '1';
}

/** The whole console. */
export function App() {
  const [token, setTokenState] = useState(getToken);
  const route = useRoute();
  useEffect(() => onAuthChange(() => setTokenState(getToken())), []);
  // One live stream per signed-in tab; signing out closes it.
  useEffect(() => (token ? startLive() : undefined), [token]);
  // Set during render, not in an effect, so charts drawn in this same render already size for the wall.
  document.documentElement.classList.toggle('wall', wallMode(route.params));

  if (!token) return <Login />;
  const section = route.parts[0] ?? '';
  return (
    <div className="app">
      <a className="skip" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="top">
        <span className="brand" aria-label="Ward console">
          Ward
        </span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.path}>
                <a
                  href={href(...(n.path ? [n.path] : []))}
                  aria-current={section === n.path ? 'page' : undefined}
                >
                  {n.text}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <LiveIndicator />
        <button type="button" className="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary key={route.parts.join('/')}>
          <Page parts={route.parts} params={route.params} />
        </ErrorBoundary>
      </main>
    </div>
  );
}

function skipToMain(e: MouseEvent): void {
  // The hash is the router; focus the main region instead of navigating to `#main`.
  e.preventDefault();
  document.getElementById('main')?.focus();
}

function Page({ parts, params }: { parts: string[]; params: URLSearchParams }) {
  const [section, a, b] = parts;
  switch (section) {
    case undefined:
      return <Overview />;
    case 'alerts':
      return a ? <AlertPage id={a} /> : <AlertQueue params={params} />;
    case 'privacy':
      return a ? <CasePage id={a} /> : <PrivacyCases params={params} />;
    case 'reports':
      return <PatientReportPage params={params} />;
    case 'entities':
      return a && b ? <EntityPage kind={a} value={b} params={params} /> : <Entities />;
    case 'dead-letters':
      return <DeadLetters />;
    default:
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            There is no page at this address. <a href={href()}>Go to the overview.</a>
          </p>
        </section>
      );
  }
}
