#!/usr/bin/env node
/**
 * npm run desks:demo — three front desks sharing one inbox in training mode, on this computer:
 * pouchdb-server (CouchDB's replication protocol, LevelDB on disk) on 127.0.0.1 as the practice
 * server, with the practice's databases and one server account per desk, and three browser hosts
 * (desk A, B and C), each with its own data folder (and its own keychain entries). Everything is
 * kept under .desks-demo/ so a week of training carries on where it stopped; --fresh starts over.
 * Prints each desk's address and what to type in Settings → Desks; Ctrl-C stops them all.
 * --smoke: starts everything, checks the server and the three desks answer, and stops (exit 0).
 *
 * The stand-in server has no administrator and listens on loopback only: it is for training. A
 * practice runs Apache CouchDB with TLS and an administrator (README: "Pointing a practice at its
 * own CouchDB").
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildAll } from './build.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const home = path.join(root, '.desks-demo');
const PREFIX = 'demo-clinic';
const DESKS = ['a', 'b', 'c'];
const smoke = process.argv.includes('--smoke');
if (process.argv.includes('--fresh')) rmSync(home, { recursive: true, force: true });
mkdirSync(path.join(home, 'couch'), { recursive: true });

const freePort = (preferred) =>
  new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => {
      const t = createServer();
      t.listen(0, '127.0.0.1', () => {
        const p = t.address().port;
        t.close(() => resolve(p));
      });
    });
    s.listen(preferred, '127.0.0.1', () => s.close(() => resolve(preferred)));
  });

console.log('Building CareRelay…');
await buildAll({ quiet: true });
const names = path.join(root, 'dist/desks-demo-names.mjs');
await build({ entryPoints: [path.join(root, 'shared/replication/server-databases.ts')], bundle: true, platform: 'node', format: 'esm', outfile: names, logLevel: 'warning' });
const { practiceServerDatabases } = await import(pathToFileURL(names).href);

const children = [];
const stopAll = async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
};
process.on('SIGINT', () => void stopAll().then(() => process.exit(0)));

// The practice server.
const port = await freePort(5984);
const serverUrl = `http://127.0.0.1:${port}/`;
children.push(spawn(path.join(root, 'node_modules/.bin/pouchdb-server'), ['--host', '127.0.0.1', '--port', String(port), '--dir', path.join(home, 'couch')], { cwd: path.join(home, 'couch'), stdio: 'ignore' }));
for (const end = Date.now() + 30_000; !(await globalThis.fetch(serverUrl).then((r) => r.ok).catch(() => false)); ) {
  if (Date.now() > end) throw new Error('pouchdb-server did not start');
  await new Promise((r) => setTimeout(r, 200));
}
for (const db of practiceServerDatabases(PREFIX)) {
  const r = await globalThis.fetch(`${serverUrl}${db}`, { method: 'PUT' });
  if (r.status !== 201 && r.status !== 412) throw new Error(`Could not create ${db} (HTTP ${r.status})`);
}
const password = (desk) => `desk-${desk}-Training-Password-1`;
for (const desk of DESKS) {
  const r = await globalThis.fetch(`${serverUrl}_users/org.couchdb.user:desk-${desk}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: `desk-${desk}`, password: password(desk), roles: [], type: 'user' }),
  });
  if (r.status !== 201 && r.status !== 409) throw new Error(`Could not create the server account desk-${desk} (HTTP ${r.status})`);
}

// The three desks.
const startDesk = (desk) =>
  new Promise((resolve, reject) => {
    const dataDir = path.join(home, `desk-${desk}`);
    mkdirSync(dataDir, { recursive: true });
    const child = spawn(process.execPath, [path.join(root, 'dist/host/browser-host.cjs'), '--port', '0', '--data-dir', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Desk ${desk} did not start:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Desk ${desk} stopped (${code}):\n${output}`)));
  });
const urls = [];
for (const desk of DESKS) urls.push(await startDesk(desk));

if (smoke) {
  const ok = (await Promise.all(urls.map((u) => globalThis.fetch(u).then((r) => r.ok).catch(() => false)))).every(Boolean);
  const dbs = (await (await globalThis.fetch(`${serverUrl}_all_dbs`)).json()).filter((d) => d.startsWith(PREFIX));
  await stopAll();
  console.log(JSON.stringify({ desks_answering: ok ? DESKS.length : 0, practice_databases: dbs.length }));
  process.exit(ok && dbs.length === practiceServerDatabases(PREFIX).length ? 0 : 1);
}

console.log(`
Three desks of one practice, in training mode (data kept in .desks-demo/; --fresh starts over).
Practice server (stand-in, loopback only): ${serverUrl}
${DESKS.map((d, i) => `  Desk ${d.toUpperCase()}: ${urls[i]}`).join('\n')}

1. Desk A: set up the practice, then Settings → Desks → Connect this desk:
   server ${serverUrl}, prefix ${PREFIX}, desk name "Front desk A", username desk-a, password ${password('a')}.
2. Desks B and C: set up (any practice name), connect the same way (desk-b / desk-c, passwords
   ${password('b')} and ${password('c')}), then "Ask to join".
3. On desk A, type each desk's code, compare the safety numbers, and add it; on the new desk,
   confirm the practice key fingerprint matches desk A's.
Then: Inbox → "Simulate a patient text" on any desk; every desk shows it. Ctrl-C stops everything.
`);
