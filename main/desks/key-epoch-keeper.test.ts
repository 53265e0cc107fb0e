/**
 * Key epochs between real vaults (in-memory keychains) through a control database that behaves as
 * CouchDB's does (revisions: a stale write is refused). Removing a desk moves the practice to a
 * new epoch that every remaining desk takes up and the removed desk never gets; two desks noticing
 * the same removal end on one epoch; a desk that had not published its key is granted once it
 * does; a desk joining later is granted every epoch with the practice secret; nothing on the
 * server opens without a desk's private key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryKeychain } from '../vault/memory-keychain';
import { openVault, type Vault } from '../vault/vault';
import { acceptGrant, grantPracticeSecret, newDeskKeyPair } from './enrolment';
import { readAnnouncement } from './epoch-grant';
import { createKeyEpochKeeper, KEY_EPOCH_DOC } from './key-epoch-keeper';
import { createControlDbFake } from './testing/control-db-fake';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function newVault(): Promise<Vault> {
  const dir = mkdtempSync(path.join(tmpdir(), 'carerelay-epoch-'));
  dirs.push(dir);
  return openVault({ keychain: createMemoryKeychain(), practiceKeychain: createMemoryKeychain(), storeDir: path.join(dir, 'stores') });
}

async function practice(names: string[]) {
  const server = createControlDbFake();
  const founder = await newVault();
  const desks = new Map<string, { vault: Vault; keeper: ReturnType<typeof createKeyEpochKeeper>; adopted: number[] }>();
  for (const name of names) {
    const vault = desks.size === 0 ? founder : await newVault();
    if (vault !== founder) await vault.adoptPracticeSecret(founder.practiceSecretForGrant());
    server.docs.set(`desk-${name}`, { doc: { type: 'desk', username: name, deskName: `Synthetic ${name}`, joinedAt: '2026-11-01T00:00:00.000Z' }, rev: `1-${name}` });
    const adopted: number[] = [];
    const keeper = createKeyEpochKeeper({ desk: { ...server.desk(), ownUser: async () => name }, vault, now: () => Date.parse('2026-12-01T12:00:00Z'), onAdopted: (e) => void adopted.push(e) });
    desks.set(name, { vault, keeper, adopted });
  }
  const remove = (name: string) => {
    const entry = server.docs.get(`desk-${name}`)!;
    server.docs.set(`desk-${name}`, { doc: { ...entry.doc, removedAt: '2026-12-01T11:59:00.000Z' }, rev: `${entry.rev}x` });
  };
  const desk = (name: string) => desks.get(name)!;
  return { server, founder, desk, remove, roundAll: async () => void (await Promise.all([...desks.values()].map((d) => d.keeper.check()))) };
}

describe('key epochs after a desk is removed', () => {
  it('the remaining desks move to a new epoch; the removed desk never gets its key', async () => {
    const p = await practice(['desk-a', 'desk-b', 'desk-c']);
    await p.roundAll(); // each publishes its key; nothing removed, so epoch 1 stays
    expect(p.server.docs.has(KEY_EPOCH_DOC)).toBe(false);
    expect(p.server.docs.get('desk-desk-b')!.doc.publicKey).toEqual(expect.any(String));

    p.remove('desk-c');
    await p.desk('desk-a').keeper.check();
    expect(p.desk('desk-a').vault.keyEpoch()).toBe(2);
    expect(p.desk('desk-a').keeper.state().lastRotation).toEqual({ epoch: 2, granted: ['desk-b'], waiting: [] });
    const announced = readAnnouncement(p.founder.practiceSecretForGrant(), p.server.docs.get(KEY_EPOCH_DOC)!.doc);
    expect(announced).toMatchObject({ epoch: 2, removed: ['desk-c'], recipients: ['desk-a', 'desk-b'] });
    expect(p.server.docs.has('epochgrant-2-desk-c')).toBe(false);

    await p.desk('desk-b').keeper.check();
    await p.desk('desk-c').keeper.check();
    expect(p.desk('desk-b').vault.keyEpoch()).toBe(2);
    expect(p.desk('desk-b').adopted).toEqual([2]);
    expect(p.desk('desk-b').vault.wireSealKey(2).equals(p.desk('desk-a').vault.wireSealKey(2))).toBe(true);
    // Older epochs stay, to open what was sealed before.
    expect(p.desk('desk-b').vault.wireSealKey(1).equals(p.desk('desk-a').vault.wireSealKey(1))).toBe(true);
    expect(p.desk('desk-c').vault.keyEpoch()).toBe(1);
    expect(() => p.desk('desk-c').vault.wireSealKey(2)).toThrow();

    // Settled: another round changes nothing.
    const rev = p.server.docs.get(KEY_EPOCH_DOC)!.rev;
    await p.roundAll();
    expect(p.server.docs.get(KEY_EPOCH_DOC)!.rev).toBe(rev);
    expect(p.desk('desk-a').vault.keyEpoch()).toBe(2);

    // Nothing on the server holds an epoch secret in the clear.
    const secret = p.desk('desk-a').vault.epochSecretsForGrant()[0]!.secret;
    const serverText = JSON.stringify([...p.server.docs.values()]);
    expect(serverText).not.toContain(secret.toString('base64'));
    expect(serverText).not.toContain(secret.toString('hex'));
  });

  it('two desks noticing the same removal end on one epoch, with the same key', async () => {
    const p = await practice(['desk-a', 'desk-b', 'desk-c']);
    await p.roundAll();
    p.remove('desk-c');
    await Promise.all([p.desk('desk-a').keeper.check(), p.desk('desk-b').keeper.check()]);
    await Promise.all([p.desk('desk-a').keeper.check(), p.desk('desk-b').keeper.check()]);
    const a = p.desk('desk-a').vault;
    const b = p.desk('desk-b').vault;
    expect(a.keyEpoch()).toBe(b.keyEpoch());
    expect(a.keyEpoch()).toBeGreaterThanOrEqual(2);
    expect(a.wireSealKey().equals(b.wireSealKey())).toBe(true);
    expect(readAnnouncement(p.founder.practiceSecretForGrant(), p.server.docs.get(KEY_EPOCH_DOC)!.doc)!.recipients).not.toContain('desk-c');
  });

  it('a desk that had not published its key is granted the epoch once it does; a second removal moves on again', async () => {
    const p = await practice(['desk-a', 'desk-b', 'desk-c', 'desk-d']);
    await p.desk('desk-a').keeper.check();
    await p.desk('desk-b').keeper.check(); // desk-d has not run yet: no key published
    p.remove('desk-c');
    await p.desk('desk-a').keeper.check();
    expect(p.desk('desk-a').keeper.state().lastRotation).toMatchObject({ epoch: 2, waiting: ['desk-d'] });

    await p.desk('desk-d').keeper.check(); // publishes its key; no grant yet
    expect(p.desk('desk-d').keeper.state().waitingForEpoch).toBe(2);
    await p.desk('desk-b').keeper.check(); // adopts, then grants desk-d
    await p.desk('desk-d').keeper.check();
    expect(p.desk('desk-d').vault.keyEpoch()).toBe(2);
    expect(p.desk('desk-d').vault.wireSealKey(2).equals(p.desk('desk-a').vault.wireSealKey(2))).toBe(true);

    p.remove('desk-b');
    await p.desk('desk-d').keeper.check();
    await p.desk('desk-a').keeper.check();
    expect(p.desk('desk-a').vault.keyEpoch()).toBe(3);
    expect(p.desk('desk-d').vault.keyEpoch()).toBe(3);
    expect(p.desk('desk-a').vault.knownEpochs()).toEqual([1, 2, 3]);
    expect(p.server.docs.has('epochgrant-3-desk-b')).toBe(false);
  });

  it('a desk joining after a rotation gets every epoch with the practice secret', async () => {
    const p = await practice(['desk-a', 'desk-b']);
    await p.roundAll();
    p.remove('desk-b');
    await p.desk('desk-a').keeper.check();
    const admin = p.desk('desk-a').vault;
    const keys = newDeskKeyPair();
    const request = { code: 'SYNTH123', deskName: 'Synthetic New Desk', publicKey: keys.publicKey.toString('base64'), requestedAt: '2026-12-01T12:00:00.000Z' };
    const grant = grantPracticeSecret(request, admin.practiceSecretForGrant(), admin.keyEpoch(), admin.epochSecretsForGrant());
    const accepted = acceptGrant(request, keys, grant);
    const joiner = await newVault();
    await joiner.adoptPracticeSecret(accepted.practiceSecret, accepted.epochSecrets);
    expect(joiner.keyEpoch()).toBe(2);
    expect(joiner.practiceKeyId()).toBe(admin.practiceKeyId());
    expect(joiner.wireSealKey(2).equals(admin.wireSealKey(2))).toBe(true);
    expect(joiner.wireSealKey(1).equals(admin.wireSealKey(1))).toBe(true);
    // A grant claiming another epoch than it carries is refused.
    expect(() => grantPracticeSecret(request, admin.practiceSecretForGrant(), 3, admin.epochSecretsForGrant())).toThrow();
  });
});
