/** The API object the renderer sees: shape, freezing, envelopes, event validation (SEC-IPC-05). */
import { describe, expect, it, vi } from 'vitest';
import { buildApi, type Transport } from './api-builder';

function fakeTransport(answer: unknown = { ok: true, value: {} }) {
  const listeners = new Map<string, (p: unknown) => void>();
  const transport: Transport = {
    invoke: vi.fn(async () => answer as never),
    subscribe: vi.fn((name, listener) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    }),
  };
  return { transport, listeners };
}

describe('buildApi', () => {
  it('exposes one frozen namespace per domain with named functions only', () => {
    const api = buildApi(fakeTransport().transport);
    expect(Object.keys(api).sort()).toEqual(['app', 'audit', 'desks', 'device', 'gateway', 'inbox', 'notifications', 'outbox', 'practiceDb', 'session', 'settings', 'setup', 'staff', 'suppression', 'training', 'updates', 'users']);
    expect(Object.keys(api.app).sort()).toEqual(['getDiagnostics', 'getInfo', 'openExternal', 'reportProblem']);
    expect(Object.keys(api.gateway).sort()).toEqual(['getSettings', 'getStatus', 'onStatusChanged', 'recordBaa', 'resumeSending', 'testConnection', 'updateSettings']);
    expect(Object.keys(api.outbox).sort()).toEqual(['cancel', 'get', 'list', 'onChanged', 'queueCampaign', 'queueReminder', 'send', 'sendOptInConfirmation', 'withdraw']);
    expect(Object.keys(api.inbox).sort()).toEqual(['ack', 'onAvailable', 'take']);
    expect(Object.keys(api.session).sort()).toEqual([
      'beginEmergency', 'completeEnrolment', 'getState', 'lock', 'onStateChanged', 'reportActivity', 'signIn', 'signOut', 'unlock',
    ]);
    expect(Object.isFrozen(api)).toBe(true);
    for (const ns of Object.values(api)) {
      expect(Object.isFrozen(ns)).toBe(true);
      for (const fn of Object.values(ns)) expect(typeof fn).toBe('function');
    }
    expect(() => {
      (api as unknown as Record<string, unknown>).invoke = () => undefined;
    }).toThrow();
  });

  it('sends channel names and payloads through the transport', async () => {
    const { transport } = fakeTransport({ ok: true, value: { opened: false } });
    const api = buildApi(transport);
    await expect(api.app.openExternal({ url: 'https://carerelay.app' })).resolves.toEqual({ ok: true, value: { opened: false } });
    await api.gateway.getStatus();
    expect(transport.invoke).toHaveBeenCalledWith('app.openExternal', { url: 'https://carerelay.app' });
    expect(transport.invoke).toHaveBeenCalledWith('gateway.getStatus', {});
  });

  it('turns unreadable answers and transport failures into typed errors', async () => {
    const api = buildApi(fakeTransport({ weird: true }).transport);
    expect(await api.app.getInfo()).toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE' } });
    const broken: Transport = { invoke: async () => { throw new Error('gone'); }, subscribe: () => () => undefined };
    expect(await buildApi(broken).app.getInfo()).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE' } });
  });

  it('delivers only valid event payloads, and unsubscribes', () => {
    const { transport, listeners } = fakeTransport();
    const api = buildApi(transport);
    const seen = vi.fn();
    const off = api.gateway.onStatusChanged(seen);
    const emit = listeners.get('gateway.statusChanged')!;
    emit({ state: 'offline', kind: 'sandbox', queueDepth: 3, lastContactAt: null });
    emit({ state: 'exploded' });
    expect(seen).toHaveBeenCalledTimes(1);
    expect(seen).toHaveBeenCalledWith({ state: 'offline', kind: 'sandbox', queueDepth: 3, lastContactAt: null });
    off();
    expect(listeners.has('gateway.statusChanged')).toBe(false);
    expect(() => api.gateway.onStatusChanged('nope' as never)).toThrow(TypeError);
  });
});
