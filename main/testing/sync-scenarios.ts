/**
 * The sync measurements shared by the unit tests and `npm run bench:sync`:
 *  - crash: a child process sending N messages is SIGKILLed at random moments K times and
 *    restarted; the sandbox ledger must show each message exactly once;
 *  - pacing: N messages at R/s against a sandbox limited to R/s: achieved rate and 429s;
 *  - outage: the gateway unreachable for a simulated 30 minutes (scaled clock) while messages
 *    queue and inbound messages accumulate; catch-up time after it returns.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FINAL_STATES } from '../../shared/sync/outbox-model';
import { FAST_TIMING, startSandboxGateway } from '../gateway/sandbox/sandbox-gateway';
import { createScaledClock } from '../sync/clock';
import { newOutboxEntry } from '../sync/outbox-entry';
import { accessOf, openEngineRig, waitUntil } from './sync-harness';

export interface CrashResult {
  crash_kills: number;
  sent: number;
  duplicates: number;
  lost: number;
}

export async function runCrashScenario(options: { count: number; kills: number; rate: number; childFile: string }): Promise<CrashResult> {
  const dir = await mkdtemp(join(tmpdir(), 'carerelay-crash-'));
  const sandbox = await startSandboxGateway({ timing: FAST_TIMING });
  const config = JSON.stringify({ dir, keyHex: randomBytes(32).toString('hex'), gateway: accessOf(sandbox), count: options.count, rate: options.rate });
  const run = (killAfterMs: number | null) =>
    new Promise<'killed' | 'done'>((resolve, reject) => {
      const child = spawn(process.execPath, [options.childFile], { env: { ...process.env, CARERELAY_CRASH: config }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let killed = false;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (killAfterMs !== null && out.includes('READY') && !killed) {
          killed = true;
          setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        }
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code, signal) => {
        if (signal === 'SIGKILL') resolve('killed');
        else if (code === 0 && out.includes('DONE')) resolve('done');
        else reject(new Error(`crash child exited ${code}: ${err.slice(0, 300)}`));
      });
    });
  let kills = 0;
  try {
    for (let i = 0; i < options.kills; i++) {
      // Kill anywhere from just after start-up to well into sending.
      const outcome = await run(Math.floor(Math.random() * 250));
      if (outcome === 'killed') kills++;
      else break;
    }
    await run(null);
    const counts = sandbox.countsByBody();
    let duplicates = 0;
    let lost = 0;
    for (let i = 0; i < options.count; i++) {
      const n = counts.get(`Crash test message ${i} for a simulated patient`) ?? 0;
      if (n === 0) lost++;
      if (n > 1) duplicates += n - 1;
    }
    return { crash_kills: kills, sent: sandbox.ledger.creates.length, duplicates, lost };
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runPacingScenario(options: { count: number; rate: number }): Promise<{ achievedRate: number; errorPct: number; status429: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'carerelay-pacing-'));
  const sandbox = await startSandboxGateway({ timing: FAST_TIMING, messagesPerSecond: options.rate });
  const rig = await openEngineRig({ dir, gateway: accessOf(sandbox), tuning: { messagesPerSecond: options.rate, inboundPollMs: 1000, statusPollMs: 2000, statusPollMaxMs: 5000, reconcileGraceMs: 1000, backoff: { baseMs: 100, maxMs: 1000 }, idleMs: 200 } });
  try {
    await rig.outbox.putMany(Array.from({ length: options.count }, (_, i) => newOutboxEntry({ clientId: `p-${i}`, to: `+120255501${50 + (i % 40)}`, body: `Pacing message ${i}`, origin: { kind: 'campaign', refs: {} }, createdBy: 'system' }, Date.now())));
    rig.engine.start();
    if (!(await waitUntil(() => sandbox.ledger.creates.length >= options.count, (options.count / options.rate) * 1000 * 2 + 5000))) throw new Error('pacing run did not finish');
    const t = sandbox.ledger.creates.map((c) => c.receivedAtMs);
    const achievedRate = (t.length - 1) / ((t[t.length - 1]! - t[0]!) / 1000);
    return { achievedRate, errorPct: (Math.abs(achievedRate - options.rate) / options.rate) * 100, status429: sandbox.ledger.requests.filter((r) => r.status === 429).length };
  } finally {
    await rig.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runOutageScenario(options: { queued: number; inbound: number; outageMs: number; rate: number }): Promise<{ catchUpS: number; sent: number; duplicates: number; ingested: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'carerelay-outage-'));
  const clock = createScaledClock(Date.parse('2026-05-05T15:00:00Z'), 600);
  const sandbox = await startSandboxGateway({ clock: () => clock.now(), timing: { sentAfterMs: [500, 1500], finalAfterMs: [1000, 4000], replyAfterMs: [1e9, 1e9] } });
  const rig = await openEngineRig({ dir, gateway: accessOf(sandbox), clock, tuning: { messagesPerSecond: options.rate } });
  try {
    rig.engine.start();
    await sandbox.goOffline();
    const start = clock.now();
    await rig.outbox.putMany(Array.from({ length: options.queued }, (_, i) => newOutboxEntry({ clientId: `o-${i}`, to: `+120255501${50 + (i % 40)}`, body: `Outage message ${i}`, origin: { kind: 'inbox-reply', refs: {} }, createdBy: 'system' }, clock.now())));
    let n = 0;
    while (clock.now() - start < options.outageMs) {
      if (n < options.inbound) sandbox.addInbound(`+120255501${80 + (n % 10)}`, `Inbound during outage ${n++}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    while (n < options.inbound) sandbox.addInbound(`+120255501${80 + (n % 10)}`, `Inbound during outage ${n++}`);
    await sandbox.goOnline();
    clock.setScale(40);
    const back = clock.now();
    const ok = await waitUntil(() => rig.inbox.pendingCount() === options.inbound && sandbox.ledger.creates.length >= options.queued && rig.outbox.all().every((e) => FINAL_STATES.has(e.state) || e.state === 'sent' || e.state === 'accepted'), 60_000);
    if (!ok) throw new Error('outage run did not catch up');
    const catchUpS = (clock.now() - back) / 1000;
    const duplicates = [...sandbox.countsByBody().values()].reduce((s, c) => s + Math.max(0, c - 1), 0);
    return { catchUpS, sent: sandbox.ledger.creates.length, duplicates, ingested: rig.inbox.pendingCount() };
  } finally {
    await rig.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}
