/**
 * Benchmark for the accounts capability (`npm run bench:auth`). Bundles the real TypeScript
 * modules with esbuild into a temp folder, then measures:
 *   password_verify_ms   median of several scrypt verifications with the default parameters
 *   audit_append_per_s   durable audit appends per second, one awaited append at a time
 *                        (each resolves only after fsync)
 *   audit_verify_100k_ms verifying a 100,000-record trail (MACs, chain, decryption, head anchor)
 * The last line printed is the JSON summary.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = await mkdtemp(join(tmpdir(), 'carerelay-bench-auth-'));

try {
  const bundle = join(work, 'bench-modules.mjs');
  await build({
    stdin: {
      contents: `
        export { hashPassword, verifyPassword, DEFAULT_SCRYPT } from './main/accounts/password-hash';
        export { openAuditTrail } from './main/audit/audit-trail';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    logLevel: 'warning',
  });
  const { hashPassword, verifyPassword, DEFAULT_SCRYPT, openAuditTrail } = await import(pathToFileURL(bundle).href);

  // 1. Password verification.
  const record = await hashPassword('purple tractor sings softly', DEFAULT_SCRYPT);
  const times = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    if (!(await verifyPassword('purple tractor sings softly', record))) throw new Error('verification failed');
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const passwordVerifyMs = Math.round(times[Math.floor(times.length / 2)]);
  console.log(`password verify (scrypt N=${DEFAULT_SCRYPT.N}, r=${DEFAULT_SCRYPT.r}, p=${DEFAULT_SCRYPT.p}): ${times.map((t) => t.toFixed(0)).join(', ')} ms`);

  const keys = { enc: randomBytes(32), mac: randomBytes(32) };
  const event = (i) => ({
    actorId: `user-${i % 7}`,
    actorRole: 'front-desk',
    action: i % 2 ? 'record.view' : 'message.send',
    objectType: 'patient',
    objectId: `pat-${i % 1000}`,
    outcome: 'success',
  });

  let appendPerS = 0;
  let verifyMs = 0;

  // 2. Durable appends, one at a time (the slowest, most honest case).
  {
    const dir = join(work, 'append');
    const trail = await openAuditTrail({ dir, keys, device: 'bench' });
    for (let i = 0; i < 50; i++) await trail.append(event(i)); // warm-up
    let n = 0;
    const t = performance.now();
    while (performance.now() - t < 3000) await trail.append(event(n++));
    appendPerS = Math.round(n / ((performance.now() - t) / 1000));
    const c = performance.now();
    await Promise.all(Array.from({ length: 5000 }, (_, i) => trail.append(event(i))));
    console.log(`audit appends: ${appendPerS}/s awaited one at a time; ${Math.round(5000 / ((performance.now() - c) / 1000))}/s with 5,000 concurrent (group commit)`);
    await trail.close();
  }

  // 3. Verify a 100,000-record trail.
  {
    const dir = join(work, 'verify');
    const trail = await openAuditTrail({ dir, keys, device: 'bench' });
    for (let b = 0; b < 100; b++) await Promise.all(Array.from({ length: 1000 }, (_, i) => trail.append(event(b * 1000 + i))));
    await trail.close();
    const reopened = await openAuditTrail({ dir, keys, device: 'bench' });
    const t = performance.now();
    const report = await reopened.verify();
    verifyMs = Math.round(performance.now() - t);
    if (!report.ok || report.records !== 100_000) throw new Error(`verify failed: ${JSON.stringify(report)}`);
    console.log(`audit verify: ${report.records} records in ${verifyMs} ms`);
    await reopened.close();
  }

  console.log(JSON.stringify({ password_verify_ms: passwordVerifyMs, audit_append_per_s: appendPerS, audit_verify_100k_ms: verifyMs }));
} finally {
  await rm(work, { recursive: true, force: true });
}
