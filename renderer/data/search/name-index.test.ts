/** The in-memory name index: prefix search by any word, accents and case ignored, kept current, cleared. */
import { describe, expect, it } from 'vitest';
import { NameIndex } from './name-index';

const people = [
  { id: 'p1', givenName: 'Testa', familyName: 'McSynthetic' },
  { id: 'p2', givenName: 'Zoë', familyName: 'Fakewell' },
  { id: 'p3', givenName: 'Mocky', familyName: 'Fakewell-Testerson' },
  { id: 'p4', givenName: 'Dummo', familyName: 'Placeholder' },
];

describe('NameIndex', () => {
  it('finds by prefix of any word, all words must match', () => {
    const index = new NameIndex();
    index.load(people);
    expect(index.search('fake').map((m) => m.id)).toEqual(['p2', 'p3']);
    expect(index.search('ZOE').map((m) => m.id)).toEqual(['p2']);
    expect(index.search('test').map((m) => m.id).sort()).toEqual(['p1', 'p3']);
    expect(index.search('fake mo').map((m) => m.id)).toEqual(['p3']);
    expect(index.search('nobody')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
  });

  it('follows inserts, renames and removals, and forgets everything on clear', () => {
    const index = new NameIndex();
    index.load(people);
    index.upsert({ id: 'p5', givenName: 'Sampla', familyName: 'Fakeford' });
    expect(index.search('fakef').map((m) => m.id)).toEqual(['p5']);
    index.upsert({ id: 'p2', givenName: 'Zoë', familyName: 'Renamedly' });
    expect(index.search('fakew').map((m) => m.id)).toEqual(['p3']);
    expect(index.search('renam').map((m) => m.id)).toEqual(['p2']);
    index.remove('p1');
    expect(index.search('mcs')).toEqual([]);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.search('fake')).toEqual([]);
  });
});
