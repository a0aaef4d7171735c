import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** What stopped, in the learner's words ("This quiz"). */
  name: string;
}

/** A failing island says so and leaves the rest of the lesson usable. */
export class IslandErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn(`${this.props.name} stopped`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="course-notice">
        <p>
          <strong>{this.props.name} stopped working:</strong> {this.state.error.message}
        </p>
        <button type="button" className="course-button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
