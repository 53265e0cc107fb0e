/**
 * Benchmark for gateway sync (`npm run bench:sync`). Bundles the real TypeScript modules with
 * esbuild into a temp folder, then runs against the sandbox gateway:
 *   crash   500 messages, a child process SIGKILLed at random moments 20 times and restarted;
 *           the sandbox ledger must show each message exactly once (sent, duplicates, lost)
 *   outage  the gateway unreachable for a simulated 30 minutes (scaled clock) while 200
 *           messages queue and 300 inbound accumulate; outage_catchup_s is simulated seconds
 *           from its return until all 200 are accepted and all 300 collected, at the default
 *           pace of 1 message per second
 *   pacing  300 messages at 50 messages/s against a sandbox limited to 50/s (a high rate so it
 *           runs in seconds); pacing_error_pct is the achieved rate's distance from 50/s
 * The last line printed is the JSON summary.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = await mkdtemp(join(tmpdir(), 'carerelay-bench-sync-'));

try {
  const bundle = join(work, 'bench-sync.mjs');
  await build({
    entryPoints: [join(root, 'main/testing/sync-scenarios.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    logLevel: 'warning',
  });
  const childFile = join(work, 'sync-crash-child.cjs');
  await build({ entryPoints: [join(root, 'main/testing/sync-crash-child.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: childFile, logLevel: 'warning' });
  const { runCrashScenario, runOutageScenario, runPacingScenario } = await import(pathToFileURL(bundle).href);

  const crash = await runCrashScenario({ count: 500, kills: 20, rate: 100, childFile });
  console.log(`crash: ${crash.crash_kills} SIGKILLs, ${crash.sent} sent, ${crash.duplicates} duplicates, ${crash.lost} lost`);

  const outage = await runOutageScenario({ queued: 200, inbound: 300, outageMs: 30 * 60_000, rate: 1 });
  console.log(`outage: 30 simulated minutes; after return ${outage.sent} sent (${outage.duplicates} duplicates), ${outage.ingested} inbound collected, catch-up ${outage.catchUpS.toFixed(1)} s simulated at 1 msg/s`);

  const pacing = await runPacingScenario({ count: 300, rate: 50 });
  console.log(`pacing: 300 messages at 50/s, achieved ${pacing.achievedRate.toFixed(2)}/s, ${pacing.status429} answers 429`);

  console.log(
    JSON.stringify({
      pacing_error_pct: Number(pacing.errorPct.toFixed(2)),
      crash_kills: crash.crash_kills,
      sent: crash.sent,
      duplicates: crash.duplicates + outage.duplicates,
      lost: crash.lost + (200 - Math.min(200, outage.sent)) + (300 - outage.ingested),
      outage_catchup_s: Number(outage.catchUpS.toFixed(1)),
    }),
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
