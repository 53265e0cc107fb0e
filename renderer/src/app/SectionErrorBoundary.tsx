/**
 * Catches a section that fails to load or render, so one broken screen shows a plain message
 * with a retry instead of blanking the whole window. No error details are shown (they could
 * carry data); the frame and navigation keep working. The frame keys it by route, so moving
 * to another section starts clean.
 */
import { Component, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { reportProblem } from '../platform/problem-reports';
import { CopyDiagnosticsButton } from './ProblemNotice';

interface State {
  failed: boolean;
}

export class SectionErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    // Class name and code only reach main's log (never the message).
    reportProblem('section', error);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Alert
        severity="error"
        action={
          <>
            <CopyDiagnosticsButton />
            <Button color="inherit" onClick={() => this.setState({ failed: false })}>
              Try again
            </Button>
          </>
        }
      >
        This section could not be shown. Try again; if it keeps happening, restart CareRelay.
      </Alert>
    );
  }
}
