import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redact, redactText, REDACTED } from './redact';
import { createRedactingLogger } from './redacting-logger';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carerelay-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// SEC-LOG-01: [what, logged message, logged data, strings that must not reach the file, marker that must]
const CASES: [string, string, unknown, string[], string][] = [
  ['E.164 number', 'sending to +15551234567', undefined, ['5551234567', '+1555'], '[PHONE]'],
  ['E.164 with spaces', 'to +1 555 123 4567 now', undefined, ['555 123 4567'], '[PHONE]'],
  ['UK E.164', 'to +447911123456', undefined, ['7911123456'], '[PHONE]'],
  ['US (555) 123-4567', 'call (555) 123-4567', undefined, ['123-4567', '(555)'], '[PHONE]'],
  ['US 555-123-4567', 'call 555-123-4567', undefined, ['555-123-4567'], '[PHONE]'],
  ['US 555.123.4567', 'call 555.123.4567', undefined, ['555.123.4567'], '[PHONE]'],
  ['US 1-555-123-4567', 'call 1-555-123-4567', undefined, ['555-123-4567'], '[PHONE]'],
  ['US bare 10 digits', 'number 5551234567.', undefined, ['5551234567'], '[PHONE]'],
  ['phone in data', 'poll', { to: '+15557654321', from: '(555) 765-4321' }, ['7654321', '765-4321'], '[PHONE]'],
  ['message body', 'inbound', { sid: 'SM1', body: 'Hi, my rash is worse' }, ['rash'], REDACTED],
  ['text field', 'draft', { text: 'Your biopsy results' }, ['biopsy'], REDACTED],
  ['message field', 'twilio', { message: 'Please call re: HIV test' }, ['HIV'], REDACTED],
  ['messageBody field', 'x', { messageBody: 'chemo schedule' }, ['chemo'], REDACTED],
  ['nested body', 'batch', { items: [{ id: 1, Body: 'pregnancy test' }] }, ['pregnancy'], REDACTED],
  ['name', 'user', { name: 'Maria Gonzalez' }, ['Maria', 'Gonzalez'], REDACTED],
  ['first/last name', 'user', { firstName: 'Maria', lastName: 'Gonzalez' }, ['Maria', 'Gonzalez'], REDACTED],
  ['fullName', 'user', { fullName: 'Ann Lee' }, ['Ann Lee'], REDACTED],
  ['patient* fields', 'p', { patientName: 'Jo Bloggs', patientDob: '1980-02-03' }, ['Bloggs', '1980-02-03'], REDACTED],
  ['email', 'invite sent to maria.g+clinic@example.com', undefined, ['maria.g', 'example.com'], '[EMAIL]'],
  ['linux home', 'read /home/mgonzalez/.config/carerelay/x', undefined, ['mgonzalez'], '/home/[USER]'],
  ['mac home', 'read /Users/mgonzalez/Library/App', undefined, ['mgonzalez'], '/Users/[USER]'],
  ['windows home', 'read C:\\Users\\mgonzalez\\AppData\\Roaming', undefined, ['mgonzalez'], 'C:\\\\Users\\\\[USER]'],
  ['windows home, forward slashes', 'read c:/Users/mgonzalez/AppData', undefined, ['mgonzalez'], '[USER]'],
  ['this user home dir', 'cwd /srv/people/jsmith-home/app', undefined, ['jsmith-home'], '~/app'],
  ['error with path and phone', 'failed', new Error('ENOENT /home/mg/x for +15551112222'), ['/home/mg/', '5551112222'], '[PHONE]'],
];

describe('SEC-LOG-01: the logger redacts before writing', () => {
  it.each(CASES)('%s', async (_what, msg, data, forbidden, marker) => {
    const log = createRedactingLogger({ dir, homeDir: '/srv/people/jsmith-home' });
    log.info('test', msg, data);
    log.error('test', msg, data);
    const written = await readFile(log.file, 'utf8');
    for (const f of forbidden) expect(written).not.toContain(f);
    expect(written).toContain(marker);
  });

  it('keeps what diagnostics need: ids, codes, times, counts', async () => {
    const log = createRedactingLogger({ dir, now: () => new Date('2026-03-01T12:00:00.000Z') });
    log.warn('sync', 'poll failed', { sid: 'SM0123', status: 503, attempt: 3, at: '2026-03-01T11:59:00Z', durationMs: 1234 });
    const [entry] = (await readFile(log.file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(entry).toEqual({
      t: '2026-03-01T12:00:00.000Z',
      level: 'warn',
      scope: 'sync',
      msg: 'poll failed',
      data: { sid: 'SM0123', status: 503, attempt: 3, at: '2026-03-01T11:59:00Z', durationMs: 1234 },
    });
  });

  it('drops entries below the level', async () => {
    const log = createRedactingLogger({ dir, level: 'warn' });
    log.debug('a', 'x');
    log.info('a', 'x');
    log.warn('a', 'kept');
    expect((await readFile(log.file, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('rotates at the size cap and keeps at most maxFiles files', async () => {
    const log = createRedactingLogger({ dir, maxBytes: 1000, maxFiles: 3 });
    for (let i = 0; i < 100; i++) log.info('rot', `entry ${i} ${'x'.repeat(80)}`);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['carerelay.1.log', 'carerelay.2.log', 'carerelay.log']);
    for (const f of files) expect((await readFile(join(dir, f))).length).toBeLessThanOrEqual(1000);
    expect(await readFile(log.file, 'utf8')).toContain('entry 99');
  });

  it('survives circular and deep data', () => {
    const a: Record<string, unknown> = { id: 1 };
    a.self = a;
    expect(redact(a)).toEqual({ id: 1, self: '[Circular]' });
    expect(redactText('2026-03-01T12:00:00Z id=42')).toBe('2026-03-01T12:00:00Z id=42');
  });
});
