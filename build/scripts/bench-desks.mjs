#!/usr/bin/env node
/**
 * npm run bench:desks — several desks through a CouchDB stand-in (pouchdb-server on disk):
 *  1. build/bench/desks.bench.ts, in Debian's Chromium: two desks (browser hosts), desk B enrolled;
 *     200 texts arriving at desk A, each timed from desk A's screen to desk B's (p95); the
 *     server's files then scanned for plaintext (with a positive control).
 *  3. build/bench/desks-pull.bench.ts, in Chromium: desk C holds 20,000 patients, 20,000
 *     conversations and 200,000 messages (written through the data harness) and pushes them to
 *     the server; desk D joins and pulls; new_desk_pull_200k_s is from D's unlock to its Desks
 *     settings saying it is up to date (all 20,000 patients then on its Patients page); desk E then
 *     pulls the same data with RxDB's replication alone (no first load), for the ratio.
 *  2. renderer/data/testing/desk-partition-scenario.ts, under Node: desk B cut off while both
 *     desks write 200 texts and 200 replies (half the texts filed by both), the server restarted
 *     mid-way, then healed; written messages missing on either desk are "lost", extra copies
 *     "duplicates".
 * Builds the app first. Prints as its LAST line:
 * {"desk_to_desk_p95_ms": N, "new_desk_pull_200k_s": N, "partition_lost": N, "partition_duplicates": N, "plaintext_on_server": N}
 * --quick: 40 texts and a tenth of the pull dataset (the pull figure is then not the 200k one).
 * --pull-only: just part 3 (its own JSON line); --screen-only: just part 1 (its own JSON line).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { runRendererBench } from './renderer-bench.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const quick = process.argv.includes('--quick');
if (process.argv.includes('--pull-only')) {
  const pull = runRendererBench('desks-pull');
  console.log(JSON.stringify({ new_desk_pull_200k_s: pull.new_desk_pull_200k_s, replication_only_pull_s: pull.replication_only_pull_s, first_load_speedup: pull.first_load_speedup, push_s: pull.push_s, quick }));
  process.exit(0);
}
const screen = runRendererBench('desks');
if (process.argv.includes('--screen-only')) {
  console.log(JSON.stringify({ desk_to_desk_p95_ms: screen.desk_to_desk_p95_ms, plaintext_on_server: screen.plaintext_on_server, quick }));
  process.exit(0);
}
console.log(`[bench:desks] ${screen.measured} of ${screen.texts} texts timed desk to desk`);

// 2. The partition, under Node against its own server.
const outDir = path.join(root, 'test-results/bench');
mkdirSync(outDir, { recursive: true });
const bundle = path.join(outDir, 'desk-partition-scenario.mjs');
await build({ entryPoints: [path.join(root, 'renderer/data/testing/desk-partition-scenario.ts')], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'warning' });
const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dir = mkdtempSync(path.join(tmpdir(), 'carerelay-bench-couch-'));
const serverUrl = `http://127.0.0.1:${port}/`;
let server = null;
const startServer = async () => {
  server = spawn(path.join(root, 'node_modules/.bin/pouchdb-server'), ['--host', '127.0.0.1', '--port', String(port), '--dir', dir], { cwd: dir, stdio: 'ignore' });
  const end = Date.now() + 30_000;
  while (!(await globalThis.fetch(serverUrl).then((r) => r.ok).catch(() => false))) {
    if (Date.now() > end) throw new Error('pouchdb-server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
};
const stopServer = async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill();
    await exited;
  }
};
let partition;
try {
  await startServer();
  const { runPartitionScenario } = await import(pathToFileURL(bundle).href);
  partition = await runPartitionScenario({ serverUrl, count: quick ? 40 : 200, restartServer: async () => (await stopServer(), await startServer()) });
  console.log(`[bench:desks] partition: ${partition.written} messages written while apart (server restarted once); ${partition.lost} lost, ${partition.duplicates} duplicates; converged ${partition.converged_s} s after healing`);
} finally {
  await stopServer();
  rmSync(dir, { recursive: true, force: true });
}
// 3. A new desk pulling the whole practice.
const pull = runRendererBench('desks-pull');
console.log(`[bench:desks] new desk pulled ${pull.patients} patients, ${pull.conversations} conversations, ${pull.messages} messages in ${pull.new_desk_pull_200k_s} s with the first load, ${pull.replication_only_pull_s} s with RxDB's replication alone (${pull.first_load_speedup}x); the founding desk pushed them in ${pull.push_s} s`);
console.log(
  JSON.stringify({
    desk_to_desk_p95_ms: screen.desk_to_desk_p95_ms,
    new_desk_pull_200k_s: quick ? null : pull.new_desk_pull_200k_s,
    partition_lost: partition.lost,
    partition_duplicates: partition.duplicates,
    plaintext_on_server: screen.plaintext_on_server,
  }),
);
process.exit(0);
