/** Keeps one broken page from blanking the whole console: shows what failed and a way on. */
import { Component } from 'react';
import type { ReactNode } from 'react';

interface State {
  error: Error | undefined;
}

/** Catches render errors of its children; give it a `key` per route so navigating away resets it. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <section role="alert">
        <h1>This page failed</h1>
        <p className="error">{this.state.error.message}</p>
        <p>
          Other pages still work; <a href="#/">go to the overview</a> or reload.
        </p>
      </section>
    );
  }
}
