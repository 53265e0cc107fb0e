/**
 * Test and bench harness for the sync engine: a sandbox gateway, the three stores in a folder
 * under a throwaway key, a client and an engine, reopenable to simulate restarts. Used by the
 * sync unit tests, the crash child and `npm run bench:sync`. Never used by the app.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_GATE_POLICY, type GatePolicy } from '../../shared/sync/compliance-gate';
import { createTwilioClient } from '../gateway/twilio-client';
import type { SandboxGateway } from '../gateway/sandbox/sandbox-gateway';
import { realClock, type Clock } from '../sync/clock';
import { openInboxStore, type InboxStore } from '../sync/inbox-store';
import { openOutboxStore, type OutboxStore } from '../sync/outbox-store';
import { openSuppressionList, type SuppressionList } from '../sync/suppression-list';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions, type SyncTuning } from '../sync/sync-engine';

export interface GatewayAccess {
  readonly url: string;
  readonly accountSid: string;
  readonly username: string;
  readonly password: string;
  readonly practiceNumber: string;
}

export const accessOf = (s: SandboxGateway): GatewayAccess => ({ url: s.url, accountSid: s.accountSid, username: s.username, password: s.password, practiceNumber: s.practiceNumber });

export interface EngineRig {
  readonly outbox: OutboxStore;
  readonly inbox: InboxStore;
  readonly suppression: SuppressionList;
  readonly engine: SyncEngine;
  close(): Promise<void>;
}

/** A fixed-offset zone where it is about noon now, so quiet hours do not bite during a test run. */
export function middayZone(now = Date.now()): string {
  const offset = 12 - new Date(now).getUTCHours();
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** A policy whose quiet hours and caps never bite, for tests of the transport. */
export const OPEN_POLICY: GatePolicy = { ...DEFAULT_GATE_POLICY, practiceTimeZone: middayZone(), practiceWindow: undefined, automatedPer24h: 1_000_000, repliesExemptFromQuietHours: true };

export async function openEngineRig(options: {
  dir: string;
  key?: Uint8Array;
  gateway: GatewayAccess;
  clock?: Clock;
  tuning?: Partial<SyncTuning>;
  timeoutMs?: number;
  extra?: Partial<SyncEngineOptions>;
}): Promise<EngineRig> {
  const key = options.key ?? TEST_KEY;
  const clock = options.clock ?? realClock;
  const keyId = '0123456789abcdef';
  const outbox = await openOutboxStore({ dir: options.dir, key, keyId, now: () => clock.now() });
  const inbox = await openInboxStore({ dir: options.dir, key, keyId, now: () => clock.now() });
  const suppression = await openSuppressionList({ dir: options.dir, key, keyId });
  const client = createTwilioClient({
    baseUrl: options.gateway.url,
    accountSid: options.gateway.accountSid,
    username: options.gateway.username,
    password: options.gateway.password,
    timeoutMs: options.timeoutMs ?? 2_000,
    allowLoopbackHttp: true,
  });
  const engine = createSyncEngine({
    outbox,
    inbox,
    suppression,
    gateway: { client, kind: 'sandbox', practiceNumber: options.gateway.practiceNumber },
    clock,
    tuning: options.tuning,
    policy: () => OPEN_POLICY,
    baaOnFile: () => false,
    ...options.extra,
  });
  return {
    outbox,
    inbox,
    suppression,
    engine,
    async close() {
      await engine.stop();
      await outbox.close();
      await inbox.close();
    },
  };
}

export const TEST_KEY = new Uint8Array(randomBytes(32));

/** Polls `check` until true or `timeoutMs` (real time) passes. */
export async function waitUntil(check: () => boolean, timeoutMs: number, stepMs = 10): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return check();
}
