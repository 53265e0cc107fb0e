/**
 * The one function that decides whether the current session may use a channel.
 * Locked sessions get LOCKED on every PHI channel; channels that need a permission need a
 * signed-in user whose role grants it. The accounts capability supplies the real session view.
 */
import type { ChannelDef, IpcError, Permission } from '../../shared/ipc';

export interface SessionView {
  /** 'no-practice' before first-run set-up; 'signed-out' with no user; 'locked' while the lock screen shows. */
  readonly state: 'unavailable' | 'no-practice' | 'signed-out' | 'unlocked' | 'locked';
  /** Permissions of the signed-in user's role; empty when nobody is signed in. */
  readonly permissions: ReadonlySet<Permission>;
}

export type AccessPolicy = (def: ChannelDef, session: SessionView) => IpcError | null;

export const authorizeCall: AccessPolicy = (def, session) => {
  if (def.phi && session.state === 'locked') {
    return { code: 'LOCKED', message: 'CareRelay is locked. Unlock to continue.' };
  }
  if (def.permission === 'public') return null;
  if (session.state === 'locked') {
    return { code: 'LOCKED', message: 'CareRelay is locked. Unlock to continue.' };
  }
  if (session.state !== 'unlocked') {
    return { code: 'UNAUTHENTICATED', message: 'Sign in to continue.' };
  }
  if (!session.permissions.has(def.permission)) {
    return { code: 'FORBIDDEN', message: 'Your role does not allow this action.' };
  }
  return null;
};
