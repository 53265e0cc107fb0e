/**
 * Wire sealing: PHI fields leave only as one ciphertext; the same content seals to the same
 * bytes (so an unchanged record is not a conflict) and different content to different bytes; a
 * ciphertext moved to another record, another collection or changed at all does not open.
 */
import { describe, expect, it } from 'vitest';
import { PhiIntegrityError } from '../crypto/phi-errors';
import { comparableContent, createWireSealer, SEALED_FIELD, sealedEpoch, WireEpochUnknownError } from './wire-seal';

const keys = async () => ({
  sealKey: await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
  ivKey: await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
});
const PATHS = ['body', 'notes'];
const doc = { id: 'm-1', conversationId: 'c1', state: 'sent', body: 'Synthetic private text', notes: 'Synthetic note', updatedAt: 5, _deleted: false };

describe('wire sealing', () => {
  it('seals only the PHI fields, opens back to the same document, and is idempotent both ways', async () => {
    const sealer = createWireSealer(await keys());
    const sealed = await sealer.seal('messages', PATHS, doc);
    expect(Object.keys(sealed).sort()).toEqual(['_deleted', 'conversationId', 'id', SEALED_FIELD, 'state', 'updatedAt']);
    expect(JSON.stringify(sealed)).not.toContain('Synthetic');
    expect(await sealer.seal('messages', PATHS, sealed)).toBe(sealed);
    const opened = await sealer.open('messages', PATHS, sealed);
    expect(comparableContent(opened)).toBe(comparableContent(doc));
    // A version without a seal is refused, not taken in.
    await expect(sealer.open('messages', PATHS, doc)).rejects.toBeInstanceOf(PhiIntegrityError);
  });

  it('the clear fields are authenticated too: the server can read a status or a deletion but not change it', async () => {
    const sealer = createWireSealer(await keys());
    const sealed = await sealer.seal('messages', PATHS, doc);
    for (const change of [{ state: 'delivered' }, { _deleted: true }, { conversationId: 'c2' }, { extra: 1 }]) {
      await expect(sealer.open('messages', PATHS, { ...sealed, ...change })).rejects.toBeInstanceOf(PhiIntegrityError);
      expect(sealer.plainOf({ ...sealed, ...change })).toBeUndefined();
    }
    // Replication metadata is not part of the record.
    expect((await sealer.open('messages', PATHS, { ...sealed, _rev: '7-x', _meta: { lwt: 1 } })).body).toBe(doc.body);
    // A collection with no PHI field is sealed all the same (an authentication tag over its fields).
    const consent = await sealer.seal('consent_events', [], { id: 'ce-1', action: 'revoke', _deleted: false });
    expect(typeof consent[SEALED_FIELD]).toBe('string');
    await expect(sealer.open('consent_events', [], { ...consent, action: 'grant' })).rejects.toBeInstanceOf(PhiIntegrityError);
  });

  it('same content, same bytes; other content, other bytes; a fresh desk with the keys reads it', async () => {
    const k = await keys();
    const a = createWireSealer(k);
    const b = createWireSealer(k);
    const one = await a.seal('messages', PATHS, doc);
    expect((await b.seal('messages', PATHS, { ...doc }))[SEALED_FIELD]).toBe(one[SEALED_FIELD]);
    expect((await a.seal('messages', PATHS, { ...doc, body: 'Synthetic private text!' }))[SEALED_FIELD]).not.toBe(one[SEALED_FIELD]);
    expect((await a.seal('messages', PATHS, { ...doc, id: 'm-2' }))[SEALED_FIELD]).not.toBe(one[SEALED_FIELD]);
    expect((await b.open('messages', PATHS, one)).body).toBe(doc.body);
    // plainOf answers synchronously for what a sealer sealed or opened, and not otherwise.
    expect(a.plainOf(one)?.body).toBe(doc.body);
    expect(createWireSealer(k).plainOf(one)).toBeUndefined();
  });

  it.each([
    ['moved to another record', (s: Record<string, unknown>) => ({ ...s, id: 'm-2' }), 'messages'],
    ['moved to another collection', (s: Record<string, unknown>) => s, 'patients'],
    ['one character changed', (s: Record<string, unknown>) => ({ ...s, [SEALED_FIELD]: `${(s[SEALED_FIELD] as string).slice(0, 20)}${(s[SEALED_FIELD] as string)[20] === 'A' ? 'B' : 'A'}${(s[SEALED_FIELD] as string).slice(21)}` }), 'messages'],
    ['not base64 at all', (s: Record<string, unknown>) => ({ ...s, [SEALED_FIELD]: '%%%' }), 'messages'],
    ['truncated', (s: Record<string, unknown>) => ({ ...s, [SEALED_FIELD]: (s[SEALED_FIELD] as string).slice(0, 12) }), 'messages'],
    ['not a string', (s: Record<string, unknown>) => ({ ...s, [SEALED_FIELD]: 42 }), 'messages'],
  ])('%s: refused with an integrity error', async (_name, change, collection) => {
    const sealer = createWireSealer(await keys());
    const sealed = await sealer.seal('messages', PATHS, doc);
    await expect(sealer.open(collection, PATHS, change(sealed))).rejects.toBeInstanceOf(PhiIntegrityError);
  });

  it('another practice’s key does not open it', async () => {
    const sealed = await createWireSealer(await keys()).seal('messages', PATHS, doc);
    await expect(createWireSealer(await keys()).open('messages', PATHS, sealed)).rejects.toBeInstanceOf(PhiIntegrityError);
  });
});

describe('desk batch sizes against main’s limits', () => {
  it('a push batch of the largest records fits main’s request limit; a pull batch or first-load page of them fits its answer limit', async () => {
    const { DESK_PULL_BATCH, DESK_PULL_BATCH_SIGNED, DESK_PUSH_BATCH_PATIENTS, DESK_PUSH_BATCH_SIGNED } = await import('./desk-replication');
    const { HISTORY_MAX_CHARS, PATIENT_FIELD_GROUPS } = await import('../../../shared/replication/patient-merge');
    const { DESK_REQUEST_MAX_BYTES } = await import('../../../shared/ipc/channels/desks');
    const { sealedPaths } = await import('./conflict-handlers');
    const sealer = createWireSealer(await keys());
    // The schema's largest: a signature image of 200,000 characters with the patient's words and a note.
    const consent = {
      id: 'ce-synthetic-1', phoneHash: 'h'.repeat(64), patientId: 'p-synthetic', purpose: 'marketing', action: 'grant', method: 'electronic-form', formVersion: 'sms-consent-2026-12',
      disclosures: ['rates', 'stop', 'help', 'frequency'], keyword: '', staffId: 'u-synthetic', recordedAt: 1, receivedAt: 1,
      signature: `data:image/png;base64,${'A'.repeat(200_000 - 22)}`, sourceText: 'é'.repeat(1600), note: 'é'.repeat(2000), _deleted: false,
    };
    const message = { id: 'm-synthetic-1', conversationId: 'c-synthetic', direction: 'inbound', state: 'received', body: '😀'.repeat(800), createdAt: 1, updatedAt: 1, _deleted: false };
    const bulk = (d: unknown, n: number) => Buffer.byteLength(JSON.stringify({ docs: Array.from({ length: n }, () => d), new_edits: false }));
    const patient = {
      id: 'p-synthetic-1', givenName: 'é'.repeat(120), familyName: 'é'.repeat(120), dateOfBirth: '1970-01-01', phone: '+12025550101', phoneHash: 'h'.repeat(64), phoneType: 'mobile', phoneSource: 'patient', phoneRecordedAt: 1,
      otherPhones: Array.from({ length: 5 }, () => ({ number: '+12025550102', label: 'mobile' })), email: 'e'.repeat(200), notes: 'é'.repeat(4000), preferredLanguage: 'en', textingPreference: 'any',
      preferenceNote: 'é'.repeat(500), preferenceWritten: true, contactWindow: { startMinute: 540, endMinute: 1020 }, addressState: 'NY', timeZone: 'America/New_York', createdAt: 1, updatedAt: 1,
      fieldEditedAt: Object.fromEntries(Object.keys(PATIENT_FIELD_GROUPS).map((g) => [g, 1])), editHistory: 'é'.repeat(HISTORY_MAX_CHARS), _deleted: false,
    };
    expect(bulk(await sealer.seal('patients', sealedPaths('patients'), patient), DESK_PUSH_BATCH_PATIENTS)).toBeLessThan(DESK_REQUEST_MAX_BYTES);
    const sealedConsent = await sealer.seal('consent_events', sealedPaths('consent_events'), consent);
    const sealedMessage = await sealer.seal('messages', sealedPaths('messages'), message);
    expect(bulk(sealedConsent, DESK_PUSH_BATCH_SIGNED)).toBeLessThan(DESK_REQUEST_MAX_BYTES);
    expect(bulk(sealedMessage, 50)).toBeLessThan(DESK_REQUEST_MAX_BYTES);
    // main/desks/desk-service.ts accepts answers up to 32,000,000 bytes.
    expect(bulk(sealedConsent, DESK_PULL_BATCH_SIGNED)).toBeLessThan(32_000_000);
    expect(bulk(sealedMessage, DESK_PULL_BATCH)).toBeLessThan(32_000_000);
    // A new desk's first load reads larger pages of the changes feed.
    const { firstLoadPage } = await import('./practice-replication');
    expect(bulk(sealedConsent, firstLoadPage('consent_events'))).toBeLessThan(32_000_000);
    expect(bulk(sealedMessage, firstLoadPage('messages'))).toBeLessThan(32_000_000);
    expect(bulk(await sealer.seal('patients', sealedPaths('patients'), patient), firstLoadPage('patients'))).toBeLessThan(32_000_000);
  });
});

describe('desks on different schema versions', () => {
  it('a patient sealed by a desk not yet updated opens on an updated desk; an updated desk seals what an older desk can still open unless a merge history needs the new field', async () => {
    const { earlierSealedPaths, sealedPaths, sealPathsFor } = await import('./conflict-handlers');
    const sealer = createWireSealer(await keys());
    const v1Paths = earlierSealedPaths('patients')[0]!;
    const patient = { id: 'p-synthetic-2', givenName: 'Synthetic', familyName: 'Crossversion', phone: '+12025550111', phoneHash: 'h', notes: 'Synthetic note', updatedAt: 5, _deleted: false };
    // Sealed by a v1 desk (its encrypted list has no editHistory): the v2 desk opens it.
    const fromOld = await sealer.seal('patients', v1Paths, patient);
    expect(comparableContent(await sealer.open('patients', sealedPaths('patients'), fromOld, earlierSealedPaths('patients')))).toBe(comparableContent(patient));
    await expect(sealer.open('patients', sealedPaths('patients'), fromOld)).rejects.toBeInstanceOf(PhiIntegrityError);
    // The v2 desk seals a patient without history under the v1 list: an older desk opens it.
    expect(sealPathsFor('patients', patient)).toBe(v1Paths);
    const same = await sealer.seal('patients', sealPathsFor('patients', patient), patient);
    expect(comparableContent(await sealer.open('patients', v1Paths, same))).toBe(comparableContent(patient));
    // With a merge history it needs the v2 list (an older desk refuses it and keeps what it had).
    const withHistory = { ...patient, editHistory: '[{"field":"notes","value":"Synthetic older","editedAt":1,"editedBy":""}]' };
    expect(sealPathsFor('patients', withHistory)).toEqual(sealedPaths('patients'));
    const sealedNew = await sealer.seal('patients', sealPathsFor('patients', withHistory), withHistory);
    await expect(sealer.open('patients', v1Paths, sealedNew)).rejects.toBeInstanceOf(PhiIntegrityError);
    expect((await sealer.open('patients', sealedPaths('patients'), sealedNew, earlierSealedPaths('patients'))).editHistory).toBe(withHistory.editHistory);
  });
});

describe('wire sealing across key epochs', () => {
  it('seals under the current epoch; opens every epoch it holds; waits (not refuses) for one it does not hold', async () => {
    const one = await keys();
    const two = await keys();
    const old = createWireSealer(one);
    const sealedOne = await old.seal('messages', PATHS, doc);
    expect(sealedEpoch(sealedOne[SEALED_FIELD])).toBe(1);

    const rotated = createWireSealer({ current: 2, byEpoch: new Map([[1, one], [2, two]]) });
    const sealedTwo = await rotated.seal('messages', PATHS, doc);
    expect(sealedEpoch(sealedTwo[SEALED_FIELD])).toBe(2);
    expect(comparableContent(await rotated.open('messages', PATHS, sealedOne))).toBe(comparableContent(doc));
    expect(comparableContent(await rotated.open('messages', PATHS, sealedTwo))).toBe(comparableContent(doc));

    // A desk without epoch 2 is told to wait for the key, not that the record was changed.
    await expect(old.open('messages', PATHS, sealedTwo)).rejects.toBeInstanceOf(WireEpochUnknownError);
    old.setKeys({ current: 2, byEpoch: new Map([[1, one], [2, two]]) });
    expect(old.epoch()).toBe(2);
    expect(comparableContent(await old.open('messages', PATHS, sealedTwo))).toBe(comparableContent(doc));
    // An older key set never replaces a newer one.
    old.setKeys({ current: 1, byEpoch: new Map([[1, one]]) });
    expect(old.epoch()).toBe(2);
  });

  it('the epoch is bound: a ciphertext relabelled as another epoch does not open', async () => {
    const one = await keys();
    const two = await keys();
    const sealer = createWireSealer({ current: 2, byEpoch: new Map([[1, one], [2, two], [3, two]]) });
    const sealed = await sealer.seal('messages', PATHS, doc);
    const raw = Uint8Array.from(atob(String(sealed[SEALED_FIELD])), (c) => c.charCodeAt(0));
    raw[2] = 3; // epoch 2 → 3, which holds the same key here: only the binding stops it
    const relabelled = btoa(String.fromCharCode(...raw));
    expect(sealedEpoch(relabelled)).toBe(3);
    await expect(sealer.open('messages', PATHS, { ...sealed, [SEALED_FIELD]: relabelled })).rejects.toBeInstanceOf(PhiIntegrityError);
    expect(sealedEpoch('not sealed')).toBeNull();
  });
});
