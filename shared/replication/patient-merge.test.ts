/** Patient records merge field by field across desks, and nothing is lost silently (issue 12), table-driven and checked in both orders. */
import { describe, expect, it } from 'vitest';
import { combineHistory, HISTORY_KEPT, HISTORY_MAX_CHARS, mergePatientRecords, parseHistory, PATIENT_FIELD_GROUPS, patientFieldGroup } from './patient-merge';

const base = {
  id: 'p-synthetic-1', givenName: 'Alpha', familyName: 'Testpatient', phone: '+12025550101', phoneHash: 'h-0101', phoneType: 'mobile', phoneSource: 'patient', phoneRecordedAt: 100,
  preferredLanguage: 'en', textingPreference: 'any', preferenceWritten: false, createdAt: 100, updatedAt: 100,
  // A new record: every field edited when it was created.
  fieldEditedAt: Object.fromEntries(Object.keys(PATIENT_FIELD_GROUPS).map((g) => [g, 100])),
} as Record<string, unknown>;
const edit = (changes: Record<string, unknown>, at: number, prior: Record<string, unknown> = base) => {
  const fieldEditedAt = { ...((prior.fieldEditedAt as Record<string, number>) ?? {}) };
  for (const k of Object.keys(changes)) fieldEditedAt[patientFieldGroup(k) ?? k] = at;
  const next: Record<string, unknown> = { ...prior, ...changes, fieldEditedAt, updatedAt: at };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete next[k];
  return next;
};
const both = (a: Record<string, unknown>, b: Record<string, unknown>, ancestor: Record<string, unknown> | null = null) => {
  const ab = mergePatientRecords(a, b, ancestor);
  expect(mergePatientRecords(b, a, ancestor)).toEqual(ab);
  return ab;
};

describe('patient merge across desks', () => {
  it('different fields edited on two desks: both edits kept, nothing in the history', () => {
    const m = both(edit({ email: 'alpha@example.test' }, 200), edit({ preferredLanguage: 'es' }, 150), base);
    expect(m).toMatchObject({ email: 'alpha@example.test', preferredLanguage: 'es', updatedAt: 200, fieldEditedAt: { email: 200, preferredLanguage: 150 } });
    expect(m.editHistory).toBeUndefined();
    // Without knowing the common version, the value the other desk replaced is kept too (the safe side).
    expect(parseHistory(both(edit({ email: 'alpha@example.test' }, 200), edit({ preferredLanguage: 'es' }, 150)).editHistory).map((e) => [e.field, e.value])).toEqual([['preferredLanguage', 'en']]);
  });

  it('the same field on both: the later edit wins and the other value is kept in the history', () => {
    const m = both(edit({ notes: 'Synthetic note from desk A' }, 200), edit({ notes: 'Synthetic note from desk B' }, 300), base);
    expect(m.notes).toBe('Synthetic note from desk B');
    expect(parseHistory(m.editHistory)).toEqual([{ field: 'notes', value: 'Synthetic note from desk A', editedAt: 200, editedBy: '' }]);
  });

  it('clearing a field is an edit: a later clear beats an earlier value (kept in the history)', () => {
    const withNotes = edit({ notes: 'Synthetic old note' }, 150);
    const m = both(edit({ notes: undefined }, 300, withNotes), edit({ notes: 'Synthetic newer note' }, 200, withNotes));
    expect(m.notes).toBeUndefined();
    expect(parseHistory(m.editHistory).map((e) => e.value)).toEqual(['Synthetic newer note']);
  });

  it('the number moves as one group: one desk’s number never gets the other desk’s provenance', () => {
    const a = edit({ phone: '+12025550199', phoneHash: 'h-0199', phoneSource: 'staff', phoneRecordedAt: 400 }, 400);
    const b = edit({ phoneSource: 'representative', phoneRecordedAt: 300 }, 300);
    const m = both(a, b, base);
    expect(m).toMatchObject({ phone: '+12025550199', phoneHash: 'h-0199', phoneSource: 'staff', phoneRecordedAt: 400, phoneType: 'mobile' });
    expect(parseHistory(m.editHistory)).toEqual([{ field: 'phone', value: { phone: '+12025550101', phoneHash: 'h-0101', phoneType: 'mobile', phoneSource: 'representative', phoneRecordedAt: 300 }, editedAt: 300, editedBy: '' }]);
  });

  it('records from before per-field times: each field counts as edited at the record’s time', () => {
    const { fieldEditedAt: _none, ...legacy } = base;
    const older = { ...legacy, givenName: 'Alfa', updatedAt: 150 };
    const newer = { ...legacy, familyName: 'Testpatient-Jones', updatedAt: 250 };
    const m = both(older, newer);
    // The newer record's whole content wins (the rule they had), and the older one's differing values are kept.
    expect(m).toMatchObject({ givenName: 'Alpha', familyName: 'Testpatient-Jones' });
    expect(parseHistory(m.editHistory).map((e) => [e.field, e.value])).toEqual([
      ['familyName', 'Testpatient'],
      ['givenName', 'Alfa'],
    ]);
  });

  it('merging again changes nothing (idempotent), and histories from both sides are combined once', () => {
    const a = edit({ notes: 'Synthetic A' }, 200);
    const b = edit({ notes: 'Synthetic B' }, 300);
    const m = both(a, b);
    expect(both(m, m)).toEqual(m);
    expect(both(m, b)).toEqual(m);
    const c = edit({ notes: 'Synthetic C' }, 400, m);
    expect(parseHistory(both(c, m).editHistory).map((e) => e.value)).toEqual(['Synthetic A', 'Synthetic B']);
  });

  it('the history is bounded: the newest entries, within the size a replication request allows', () => {
    const many = Array.from({ length: 15 }, (_, i) => ({ field: 'notes', value: `Synthetic ${i}`, editedAt: i, editedBy: '' }));
    expect(combineHistory(many).map((e) => e.editedAt)).toEqual(Array.from({ length: HISTORY_KEPT }, (_, i) => i + 15 - HISTORY_KEPT));
    const big = Array.from({ length: 5 }, (_, i) => ({ field: 'notes', value: 'x'.repeat(4_000), editedAt: i, editedBy: '' }));
    const kept = combineHistory(big);
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(HISTORY_MAX_CHARS);
    expect(kept.at(-1)?.editedAt).toBe(4);
    expect(parseHistory('not json')).toEqual([]);
  });
});
