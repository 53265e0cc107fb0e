/** R28 holds survive restarts: the automated halt after 30034/30032 and per-number suspensions. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSenderHolds } from './sender-holds';

const key = new Uint8Array(32).fill(9);
const keyId = '0123456789abcdef';
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const at = '2026-03-10T16:00:00.000Z';

describe('sender holds', () => {
  it('the automated halt persists until resumed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carerelay-holds-'));
    dirs.push(dir);
    const a = await openSenderHolds({ dir, key, keyId });
    expect(await a.haltAutomated(30034, at)).toBe(true);
    expect(await a.haltAutomated(30032, at)).toBe(false);
    const b = await openSenderHolds({ dir, key, keyId });
    expect(b.automatedHalt()).toEqual({ code: 30034, since: at });
    expect(await b.resumeAutomated()).toBe(true);
    expect((await openSenderHolds({ dir, key, keyId })).automatedHalt()).toBeNull();
  });

  it('suspends a number after three permanent failures, persists it, and clears on delivery', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carerelay-holds-'));
    dirs.push(dir);
    const h = await openSenderHolds({ dir, key, keyId });
    const n = '+12025550110';
    expect((await h.record(n, { kind: 'failure', code: 30006, at })).suspended).toBe(false);
    expect((await h.record(n, { kind: 'failure', code: 30034, at })).suspended).toBe(false); // not about the number
    expect((await h.record(n, { kind: 'failure', code: 30006, at })).suspended).toBe(false);
    expect((await h.record(n, { kind: 'failure', code: 30005, at })).suspended).toBe(true);
    expect((await h.record(n, { kind: 'failure', code: 30005, at })).suspended).toBe(false); // already
    const reopened = await openSenderHolds({ dir, key, keyId });
    expect(reopened.isSuspended(n)).toBe(true);
    expect(reopened.suspendedCount()).toBe(1);
    await reopened.record(n, { kind: 'delivered' });
    expect((await openSenderHolds({ dir, key, keyId })).health(n)).toEqual({ consecutiveFailures: 0, lastCode: null, suspendedSince: null });
  });
});
