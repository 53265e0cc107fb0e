/**
 * Permissions are checked in main for every channel: a table over each role × each channel of
 * the real contract, plus signed-out and locked sessions (SEC-IPC-03). A handler that runs
 * answers a marker, so "allowed" means the router let the call through to the handler.
 */
import { describe, expect, it } from 'vitest';
import { permissionsOf, roleAllows, ROLES } from '../../shared/accounts/roles';
import { channels, type ChannelDef, type Permission } from '../../shared/ipc';
import { createIpcRouter, IpcFailure, type CallSender } from './ipc-router';
import type { SessionView } from './access-policy';

const sender: CallSender = { transport: 'test', frameUrl: 'app://carerelay/index.html', isMainFrame: true };
const RAN = 'HANDLER_RAN';
const handlers = Object.fromEntries(
  Object.keys(channels).map((name) => [
    name,
    () => {
      throw new IpcFailure(RAN, 'reached the handler');
    },
  ]),
) as never;

function routerFor(session: SessionView) {
  return createIpcRouter({ contract: channels, handlers, isTrustedSender: () => true, getSession: () => session });
}

const entries = Object.entries(channels) as [string, ChannelDef][];

describe('permission matrix: every role × every channel', () => {
  for (const role of ROLES) {
    const router = routerFor({ state: 'unlocked', permissions: permissionsOf(role) });
    it.each(entries.map(([name, def]) => [name, def.permission, roleAllows(role, def.permission)] as const))(
      `${role} → %s (%s) allowed=%s`,
      async (name, _permission, allowed) => {
        const result = await router.dispatch(name, {}, sender);
        expect(result.ok).toBe(false);
        const code = result.ok ? '' : result.error.code;
        // Allowed calls reach validation or the handler; refused ones stop at FORBIDDEN.
        if (allowed) expect(code).not.toBe('FORBIDDEN');
        else expect(code).toBe('FORBIDDEN');
      },
    );
  }

  it.each(entries.map(([name, def]) => [name, def.permission] as const))('signed out → %s needs a session unless public', async (name, permission: Permission) => {
    const result = await routerFor({ state: 'signed-out', permissions: new Set() }).dispatch(name, {}, sender);
    const code = result.ok ? '' : result.error.code;
    if (permission === 'public') expect(code).not.toBe('UNAUTHENTICATED');
    else expect(code).toBe('UNAUTHENTICATED');
  });

  it.each(entries.map(([name, def]) => [name, def.phi, def.permission] as const))('locked → %s (phi=%s) answers LOCKED unless public and PHI-free', async (name, phi, permission) => {
    const result = await routerFor({ state: 'locked', permissions: new Set() }).dispatch(name, {}, sender);
    const code = result.ok ? '' : result.error.code;
    if (phi || permission !== 'public') expect(code).toBe('LOCKED');
    else expect(code).not.toBe('LOCKED');
  });

  it('front desk cannot reach administration even with a crafted payload', async () => {
    const router = routerFor({ state: 'unlocked', permissions: permissionsOf('front-desk') });
    for (const name of ['users.create', 'users.update', 'audit.exportCsv', 'device.wipe', 'settings.update']) {
      expect(await router.dispatch(name, { userId: 'u-1', disabled: true }, sender)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});
