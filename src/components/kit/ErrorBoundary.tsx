import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** What stopped, in the learner's words ("This quiz", "The checkout sandbox"). */
  name: string;
}

interface State {
  error: Error | null;
}

/** Keeps a failing island from blanking the lesson: it says what stopped, and the rest of the page stays usable. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static override getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn(`${this.props.name} stopped`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="kit-alert kit-alert-actions">
        <p>
          <strong>{this.props.name} stopped working:</strong> {this.state.error.message}
        </p>
        <button type="button" className="kit-button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
