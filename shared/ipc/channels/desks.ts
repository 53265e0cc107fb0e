/**
 * Channels of several desks sharing one practice (issue 12): the practice's replication server
 * (an administrator sets its address and this desk's server account; the password never comes
 * back), the replication transport (the screens' CouchDB replication reaches the server only
 * through main, which adds the desk's credentials and refuses anything outside the practice's
 * databases), and desk enrolment (a new desk asks to join and shows a code and a safety number;
 * an administrator on an enrolled desk finds the request by code, compares the numbers and
 * approves; main seals the practice secret to the new desk).
 */
import { z } from 'zod';
import { channel } from '../define';

const empty = z.object({}).strict();
/** The largest replication request body main relays. */
export const DESK_REQUEST_MAX_BYTES = 900_000;
/** CouchDB database names: lower case, starting with a letter. */
export const DESK_PREFIX_PATTERN = /^[a-z][a-z0-9-]{1,40}$/;
const code = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
const safetyNumber = z.string().regex(/^\d{5}( \d{5}){5}$/);
/** A desk's CouchDB user name. */
export const DESK_USER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const deskUser = z.string().regex(DESK_USER_PATTERN);

export const deskEntrySchema = z
  .object({ username: deskUser, deskName: z.string().max(60), joinedAt: z.string().max(40), removedAt: z.string().max(40).nullable(), thisDesk: z.boolean() })
  .strict();

export const deskStatusSchema = z
  .object({
    configured: z.boolean(),
    /** The server's origin only (no path, no credentials). */
    server: z.string().max(200).nullable(),
    prefix: z.string().max(41).nullable(),
    deskName: z.string().max(60).nullable(),
    /** Fingerprint of the practice secret: equal on every desk of one practice. */
    practiceKeyId: z.string().regex(/^[0-9a-f]{16}$/),
    /** A desk set up before practice secrets: it cannot add desks until re-keyed. */
    legacyPractice: z.boolean(),
    joining: z.object({ code, safetyNumber }).strict().nullable(),
    /** This desk has just joined: the screens start their local database afresh at the next open. */
    freshStart: z.boolean(),
    /** This desk holds the practice's key (it founded the practice on the server or joined it): it replicates. */
    member: z.boolean(),
    /** This desk holds the sender lease (or is alone): it answers keywords and acknowledges reminder replies. */
    sender: z.boolean(),
    /** The key epoch this desk seals what it shares under (1 until a desk is removed and the practice rotates). */
    keyEpoch: z.number().int().min(1).max(65_535),
    /** The practice moved to this epoch and this desk has not received its key yet. */
    waitingForKeyEpoch: z.number().int().min(1).max(65_535).nullable(),
  })
  .strict();

export const deskChannels = {
  'desks.getStatus': channel({
    request: empty,
    response: deskStatusSchema,
    phi: false,
    permission: 'session.self',
    summary: 'Whether this desk shares its practice through a replication server, and its practice key fingerprint.',
  }),
  'desks.freshStartDone': channel({
    request: empty,
    response: z.object({ done: z.literal(true) }).strict(),
    phi: false,
    permission: 'session.self',
    summary: 'The screens report that they started the local practice database afresh after this desk joined a practice.',
  }),
  'desks.configureServer': channel({
    request: z
      .object({
        serverUrl: z.string().url().max(200),
        prefix: z.string().regex(DESK_PREFIX_PATTERN),
        deskName: z.string().trim().min(2).max(60),
        /** This desk's CouchDB user: letters, digits, dots, dashes and underscores (the desk list names desks by it). */
        username: deskUser,
        password: z.string().min(1).max(200),
      })
      .strict(),
    response: deskStatusSchema,
    phi: false,
    permission: 'settings.manage',
    summary: 'Sets the practice replication server and this desk’s account on it, after checking it answers as CouchDB (audited).',
  }),
  'desks.request': channel({
    request: z
      .object({
        method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
        /** Relative to the server: a practice database, then its path and query. */
        path: z.string().min(1).max(2_000),
        body: z.string().max(DESK_REQUEST_MAX_BYTES).optional(),
      })
      .strict(),
    response: z.object({ status: z.number().int(), body: z.string() }).strict(),
    // Sealed documents only, but still refused while locked: replication stops at lock.
    phi: true,
    permission: 'session.self',
    summary: 'The replication transport: one HTTP request to the practice’s own databases on its server.',
    // A batch of sealed documents (a signature image is up to ~270 KB sealed): under the browser
    // host's 1 MB socket frame.
    maxRequestBytes: DESK_REQUEST_MAX_BYTES + 4_096,
  }),
  'desks.startJoin': channel({
    request: empty,
    response: z.object({ code, safetyNumber }).strict(),
    phi: false,
    permission: 'settings.manage',
    summary: 'Asks to join the practice on the configured server: a new desk key, a code and a safety number to compare (audited).',
  }),
  'desks.pollJoin': channel({
    request: empty,
    response: z
      .object({ state: z.enum(['none', 'waiting', 'confirm', 'refused']), practiceKeyId: z.string().regex(/^[0-9a-f]{16}$/).optional(), message: z.string().max(300).optional() })
      .strict(),
    phi: false,
    permission: 'settings.manage',
    summary: 'Whether an administrator answered this desk’s request; an answer that opens waits for its fingerprint to be confirmed.',
  }),
  'desks.confirmJoin': channel({
    request: z.object({ practiceKeyId: z.string().regex(/^[0-9a-f]{16}$/) }).strict(),
    response: z.object({ state: z.literal('joined') }).strict(),
    phi: false,
    permission: 'settings.manage',
    summary: 'A person confirmed the practice key fingerprint matches the administrator’s desk: the practice secret goes into this desk’s keychain (audited).',
  }),
  'desks.findRequest': channel({
    request: z.object({ code: z.string().max(20) }).strict(),
    response: z.object({ code, deskName: z.string().max(60), safetyNumber, requestedAt: z.string().max(40) }).strict(),
    phi: false,
    permission: 'settings.manage',
    summary: 'An administrator looks up a desk’s request to join by its code, with the safety number computed here.',
  }),
  'desks.approve': channel({
    request: z.object({ code, safetyNumber }).strict(),
    response: z.object({ approved: z.literal(true) }).strict(),
    phi: false,
    permission: 'settings.manage',
    summary: 'After the numbers matched: seals the practice secret to that desk’s key only (audited).',
  }),
  'desks.list': channel({
    request: empty,
    response: z.object({ desks: z.array(deskEntrySchema).max(50) }).strict(),
    phi: false,
    permission: 'settings.manage',
    summary: 'The practice’s desks as the server lists them: name, when each joined, which one is this desk, and removed ones.',
  }),
  'desks.remove': channel({
    request: z
      .object({
        username: deskUser,
        /** The CouchDB server administrator's name and password, used for this removal only and never stored. */
        serverAdmin: z.object({ name: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict(),
      })
      .strict(),
    response: z
      .object({
        desk: deskEntrySchema,
        /** The practice key epoch after the removal (a new one, shutting the removed desk out), or null when it could not be changed yet (retried every few seconds). */
        keyEpoch: z.number().int().min(1).max(65_535).nullable(),
        /** Desks that had not published their key: they get the new epoch once they do. */
        keyWaiting: z.array(deskUser).max(50),
      })
      .strict(),
    phi: false,
    permission: 'settings.manage',
    summary: 'An administrator removes a lost desk: its server account stops working, it is marked removed in the practice’s desk list, and the practice moves to a new key epoch (audited).',
  }),
  'desks.checkKeyEpoch': channel({
    request: empty,
    response: z.object({ keyEpoch: z.number().int().min(1).max(65_535), waitingForKeyEpoch: z.number().int().min(1).max(65_535).nullable() }).strict(),
    phi: false,
    permission: 'session.self',
    summary: 'The screens met a record sealed under a newer practice key: main takes up its grant now, if there is one.',
  }),
} as const;
