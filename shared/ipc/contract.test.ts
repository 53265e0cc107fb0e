/** The contract itself: names, schemas and the derived API shape. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channels, eventMemberName, events, isChannelName, PERMISSIONS, splitName } from './index';

describe('IPC contract', () => {
  it.each(Object.entries(channels))('%s is a well-formed channel', (name, def) => {
    expect(name).toMatch(/^[a-z][A-Za-z]+\.[a-z][A-Za-z]+$/);
    expect(def.request).toBeInstanceOf(z.ZodType);
    expect(def.response).toBeInstanceOf(z.ZodType);
    expect(typeof def.phi).toBe('boolean');
    expect(PERMISSIONS).toContain(def.permission);
    expect(def.summary.length).toBeGreaterThan(10);
    expect(Object.isFrozen(def)).toBe(true);
  });

  it.each(Object.entries(events))('%s is a well-formed event', (name, def) => {
    expect(name).toMatch(/^[a-z][A-Za-z]+\.[a-z][A-Za-z]+$/);
    expect(def.payload).toBeInstanceOf(z.ZodType);
  });

  it('requests are strict objects: extra keys are refused', () => {
    for (const def of Object.values(channels)) {
      expect(def.request.safeParse({ injected: true }).success).toBe(false);
    }
  });

  it.each([
    ['app.getInfo', {}, true],
    ['app.openExternal', { url: 'https://carerelay.app/help' }, true],
    ['app.openExternal', { url: 'x'.repeat(3000) }, false],
    ['app.openExternal', { url: 5 }, false],
    ['app.openExternal', {}, false],
    ['gateway.getStatus', {}, true],
    ['session.reportActivity', { at: 1 }, false],
  ] as const)('%s validates %j → %s', (name, payload, valid) => {
    expect(channels[name].request.safeParse(payload).success).toBe(valid);
  });

  it('gateway status rejects impossible values', () => {
    const schema = events['gateway.statusChanged'].payload;
    expect(schema.safeParse({ state: 'online', kind: 'sandbox', queueDepth: 0, lastContactAt: null }).success).toBe(true);
    expect(schema.safeParse({ state: 'online', kind: 'sandbox', queueDepth: -1, lastContactAt: null }).success).toBe(false);
    expect(schema.safeParse({ state: 'up', kind: 'sandbox', queueDepth: 0, lastContactAt: null }).success).toBe(false);
  });

  it('maps names onto the API object', () => {
    expect(splitName('gateway.getStatus')).toEqual({ domain: 'gateway', member: 'getStatus' });
    expect(eventMemberName('gateway.statusChanged')).toBe('onStatusChanged');
    expect(() => splitName('nodot')).toThrow();
    expect(isChannelName('app.getInfo')).toBe(true);
    expect(isChannelName('constructor')).toBe(false);
  });
});
