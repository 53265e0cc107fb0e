/**
 * The crash-test child: opens the sync stores in a folder, makes sure the scenario's messages
 * are queued (idempotent by client id), runs the engine against the sandbox given in
 * CARERELAY_CRASH, prints READY, and prints DONE and exits once every message has been
 * accepted by the gateway. The parent kills it with SIGKILL at random moments.
 */
import { newOutboxEntry } from '../sync/outbox-entry';
import { openEngineRig, type GatewayAccess } from './sync-harness';

interface CrashConfig {
  dir: string;
  keyHex: string;
  gateway: GatewayAccess;
  count: number;
  rate: number;
}

async function main() {
  const config = JSON.parse(process.env.CARERELAY_CRASH ?? '{}') as CrashConfig;
  const rig = await openEngineRig({
    dir: config.dir,
    key: new Uint8Array(Buffer.from(config.keyHex, 'hex')),
    gateway: config.gateway,
    tuning: { messagesPerSecond: config.rate, maxInFlight: 4, inboundPollMs: 500, statusPollMs: 60_000, reconcileGraceMs: 150, backoff: { baseMs: 20, maxMs: 200 }, idleMs: 50 },
    timeoutMs: 1_000,
  });
  const missing = [];
  for (let i = 0; i < config.count; i++) {
    const id = `crash-${i}`;
    if (!rig.outbox.get(id)) {
      missing.push(newOutboxEntry({ clientId: id, to: `+120255501${50 + (i % 40)}`, body: `Crash test message ${i} for a simulated patient`, origin: { kind: 'campaign', refs: { campaign: 'crash' } }, createdBy: 'system' }, Date.now()));
    }
  }
  for (let i = 0; i < missing.length; i += 100) await rig.outbox.putMany(missing.slice(i, i + 100));
  rig.engine.start();
  process.stdout.write('READY\n');
  const timer = setInterval(() => {
    if (rig.outbox.all().length === config.count && rig.outbox.all().every((e) => e.state !== 'queued' && e.state !== 'sending')) {
      clearInterval(timer);
      void rig.close().then(() => {
        process.stdout.write('DONE\n');
        process.exit(0);
      });
    }
  }, 20);
}

main().catch((error: unknown) => {
  process.stderr.write(`crash child failed: ${error instanceof Error ? error.message : 'unknown'}\n`);
  process.exit(1);
});
