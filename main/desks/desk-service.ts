/**
 * Owns this desk's place in a practice of several desks (issue 12): the replication server's
 * address and this desk's account on it (an encrypted store under the main-stores key; the
 * password never leaves main), the replication transport the screens use (one HTTP request at a
 * time, only to the practice's own databases, credentials added here), and enrolment through the
 * server's `<prefix>-enrolment` database: a joining desk posts its request (code, name, public
 * key), an administrator's desk approves it after comparing safety numbers and posts the grant,
 * the joining desk takes the practice secret into its keychain and deletes both documents. The
 * joining desk's private key lives only in memory until then.
 */
import { randomBytes } from 'node:crypto';
import { DESK_USER_PATTERN } from '../../shared/ipc/channels/desks';
import { controlDbName, enrolmentDbName, REPLICATED_COLLECTIONS, serverDbName } from '../../shared/replication/server-databases';
import { createEncryptedFileStore } from '../store/encrypted-file-store';
import type { Vault } from '../vault/vault';
import { acceptGrant, EnrolmentError, grantPracticeSecret, newDeskKeyPair, type DeskKeyPair, type EnrolmentGrant, type EnrolmentRequest } from './enrolment';
import { enrolmentCode, normaliseEnrolmentCode, safetyNumber } from './safety-number';

export interface DeskSettings {
  readonly serverUrl: string;
  readonly prefix: string;
  readonly deskName: string;
  readonly username: string;
  readonly password: string;
  /** Set when this desk joined a practice: the screens start their local database afresh at the next open. */
  readonly freshStart?: boolean;
  /** This desk holds the key the server's practice marker names (it founded the practice there or joined it). */
  readonly member?: boolean;
}

export interface DeskStatus {
  configured: boolean;
  server: string | null;
  prefix: string | null;
  deskName: string | null;
  practiceKeyId: string;
  legacyPractice: boolean;
  joining: { code: string; safetyNumber: string } | null;
  freshStart: boolean;
  /** This desk holds the practice's key (the server's practice marker matches): it may replicate. */
  member: boolean;
}

export interface DeskEntry {
  readonly username: string;
  readonly deskName: string;
  readonly joinedAt: string;
  readonly removedAt: string | null;
  readonly thisDesk: boolean;
}

export class DeskServiceError extends Error {
  constructor(
    readonly code: 'NOT_CONFIGURED' | 'SERVER_UNREACHABLE' | 'SERVER_REFUSED' | 'NOT_FOUND' | 'MISMATCH' | 'BAD_REQUEST' | 'LEGACY_PRACTICE',
    message: string,
  ) {
    super(message);
    this.name = 'DeskServiceError';
  }
}

export interface DeskServiceOptions {
  readonly storeDir: string;
  readonly key: Uint8Array;
  readonly keyId: string;
  readonly vault: Pick<Vault, 'practiceKeyId' | 'legacyPractice' | 'practiceSecretForGrant' | 'adoptPracticeSecret'> & Partial<Pick<Vault, 'keyEpoch' | 'epochSecretsForGrant'>>;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

const MAX_RESPONSE = 32_000_000;

/** What RxDB's CouchDB replication asks of a database: its changes, documents in bulk, local checkpoints, one document. */
const REPLICATION_ENDPOINT = /^(?:_changes|_all_docs|_bulk_docs|_bulk_get|_revs_diff|_local\/[A-Za-z0-9._-]{1,200}|[A-Za-z0-9][\w.:@-]{0,199})?$/;

/**
 * True when `path` (relative to the server, e.g. `acme-messages/_changes?since=3`) stays inside one
 * of the practice's replicated databases: an exact database name, one of the replication's own
 * endpoints, nothing encoded in the path (no `%`, so no encoded dots or letters), and the URL it
 * resolves to still under that database.
 */
export function replicationPathAllowed(prefix: string, path: string, serverBase: string): boolean {
  const [pathPart = '', query] = path.split('?', 2) as [string, string | undefined];
  if (/[%\\\s#]/.test(pathPart) || (query !== undefined && /[\\\s#]/.test(query))) return false;
  const slash = pathPart.indexOf('/');
  const db = slash < 0 ? pathPart : pathPart.slice(0, slash);
  const rest = slash < 0 ? '' : pathPart.slice(slash + 1);
  if (!REPLICATED_COLLECTIONS.some((c) => db === serverDbName(prefix, c))) return false;
  if (!REPLICATION_ENDPOINT.test(rest)) return false;
  try {
    const base = new URL(serverBase);
    const resolved = new URL(path, base);
    return resolved.origin === base.origin && (resolved.pathname === `${base.pathname}${db}` || resolved.pathname.startsWith(`${base.pathname}${db}/`));
  } catch {
    return false;
  }
}

export function createDeskService(options: DeskServiceOptions) {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const store = createEncryptedFileStore<DeskSettings>({
    dir: options.storeDir,
    name: 'desk-settings',
    key: options.key,
    keyId: options.keyId,
    parse: (d) => {
      const s = d as DeskSettings;
      if (!s || typeof s.serverUrl !== 'string' || typeof s.prefix !== 'string') throw new Error('bad desk settings');
      return s;
    },
  });
  let joining: { request: EnrolmentRequest; keys: DeskKeyPair; safetyNumber: string } | null = null;
  /** An answer that opened, waiting for a person to confirm its fingerprint. */
  let pending: { secret: Buffer; practiceKeyId: string; epochSecrets: { epoch: number; secret: Buffer }[] } | null = null;
  let polling = false;
  const PRACTICE_MARKER = 'practice';

  /**
   * The practice marker on the server names the practice key of the desk that connected first
   * (it founds the practice). A desk with another key — a new desk before it joins — must not
   * replicate: it would push records the others cannot open and refuse everything they push.
   */
  async function checkMembership(s: DeskSettings, found: boolean): Promise<boolean> {
    const mine = options.vault.practiceKeyId();
    const marker = await readControlWith(s, PRACTICE_MARKER);
    if (marker) return marker.doc.practiceKeyId === mine;
    if (!found) return false;
    await writeControlWith(s, PRACTICE_MARKER, { practiceKeyId: mine }, null);
    const again = await readControlWith(s, PRACTICE_MARKER);
    return again?.doc.practiceKeyId === mine;
  }

  const settings = async (): Promise<DeskSettings> => {
    const s = (await store.read())?.data;
    if (!s) throw new DeskServiceError('NOT_CONFIGURED', 'This desk is not connected to a practice server yet. An administrator sets it in Settings.');
    return s;
  };

  const base = (s: Pick<DeskSettings, 'serverUrl'>) => (s.serverUrl.endsWith('/') ? s.serverUrl : `${s.serverUrl}/`);
  const auth = (s: Pick<DeskSettings, 'username' | 'password'>) => `Basic ${Buffer.from(`${s.username}:${s.password}`, 'utf8').toString('base64')}`;

  /** The server's clock minus this desk's, from the last answer's Date header (leases use the server's time). */
  let serverOffsetMs = 0;

  async function send(s: DeskSettings, method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
    let response: Response;
    try {
      response = await doFetch(`${base(s)}${path}`, {
        method,
        headers: { authorization: auth(s), accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body } : {}),
        redirect: 'error',
        signal: AbortSignal.timeout(65_000),
      });
    } catch {
      throw new DeskServiceError('SERVER_UNREACHABLE', 'The practice server did not answer. Check the network, then try again.');
    }
    const text = await response.text();
    const serverDate = Date.parse(response.headers.get('date') ?? '');
    // HTTP dates are whole seconds, truncated: the middle of that second is the best estimate.
    if (Number.isFinite(serverDate)) serverOffsetMs = serverDate + 500 - now();
    if (text.length > MAX_RESPONSE) throw new DeskServiceError('SERVER_REFUSED', 'The practice server sent more than CareRelay accepts in one answer.');
    return { status: response.status, body: text };
  }

  const json = async (s: DeskSettings, method: string, path: string, body?: unknown) => {
    const r = await send(s, method, path, body === undefined ? undefined : JSON.stringify(body));
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(r.body);
    } catch {
      // not JSON: treated as a refusal below
    }
    return { status: r.status, doc: parsed as Record<string, unknown> | null };
  };

  async function readControlWith(s: DeskSettings, id: string): Promise<{ doc: Record<string, unknown>; rev: string } | null> {
    const got = await json(s, 'GET', `${controlDbName(s.prefix)}/${encodeURIComponent(id)}`);
    if (got.status === 404) return null;
    if (got.status !== 200 || !got.doc || typeof got.doc._rev !== 'string') throw new DeskServiceError('SERVER_REFUSED', 'The practice server did not answer for its coordination database.');
    return { doc: got.doc, rev: got.doc._rev };
  }

  async function writeControlWith(s: DeskSettings, id: string, doc: Record<string, unknown>, rev: string | null): Promise<boolean> {
    const put = await json(s, 'PUT', `${controlDbName(s.prefix)}/${encodeURIComponent(id)}`, { ...doc, ...(rev ? { _rev: rev } : {}) });
    if (put.status === 201 || put.status === 202) return true;
    if (put.status === 409) return false;
    throw new DeskServiceError('SERVER_REFUSED', 'The practice server did not take the coordination document.');
  }

  async function status(): Promise<DeskStatus> {
    const s = (await store.read())?.data ?? null;
    return {
      configured: s !== null,
      server: s ? new URL(s.serverUrl).origin : null,
      prefix: s?.prefix ?? null,
      deskName: s?.deskName ?? null,
      practiceKeyId: options.vault.practiceKeyId(),
      legacyPractice: options.vault.legacyPractice,
      joining: joining ? { code: joining.request.code, safetyNumber: joining.safetyNumber } : null,
      freshStart: s?.freshStart === true,
      member: s?.member === true,
    };
  }

  /**
   * The practice's desk list lives in the control database, one document per desk
   * (`desk-<server user>`): its name, when it joined, and when and by whom it was removed. A
   * desk writes its own entry when it founds or joins the practice; removal marks it.
   */
  const registryId = (username: string) => `desk-${username}`;
  async function registerSelf(s: DeskSettings): Promise<void> {
    const id = registryId(s.username);
    const current = await readControlWith(s, id);
    if (current && current.doc.deskName === s.deskName && !current.doc.removedAt) return;
    // The key and proof the key-epoch keeper published stay (a rename keeps them).
    const keep = current && typeof current.doc.publicKey === 'string' && !current.doc.removedAt ? { publicKey: current.doc.publicKey, proof: current.doc.proof } : {};
    const entry = { type: 'desk', username: s.username, deskName: s.deskName, joinedAt: String(current?.doc.joinedAt ?? new Date(now()).toISOString()), ...keep };
    await writeControlWith(s, id, entry, current?.rev ?? null);
  }

  return {
    status,

    async configureServer(next: DeskSettings): Promise<DeskStatus> {
      const url = new URL(next.serverUrl);
      const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
        throw new DeskServiceError('BAD_REQUEST', 'The practice server must be reached over HTTPS (plain HTTP only on this computer, for tests).');
      }
      if (url.username || url.password || url.search || url.hash) throw new DeskServiceError('BAD_REQUEST', 'Give the server address without a user name, query or fragment.');
      const previous = (await store.read())?.data;
      const clean: DeskSettings = { ...next, freshStart: previous?.freshStart === true, serverUrl: `${url.origin}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}` };
      const welcome = await json(clean, 'GET', '');
      if (welcome.status === 401 || welcome.status === 403) throw new DeskServiceError('SERVER_REFUSED', 'The practice server refused this desk’s user name or password.');
      if (welcome.status !== 200 || !welcome.doc || !('couchdb' in welcome.doc || 'express-pouchdb' in welcome.doc)) {
        throw new DeskServiceError('SERVER_REFUSED', 'That address does not answer as a CouchDB server.');
      }
      // The practice's databases are made by the server's administrator (a desk account may not
      // create databases); the enrolment one must be there and open to this account.
      const enrolment = await send(clean, 'GET', enrolmentDbName(clean.prefix));
      if (enrolment.status === 404) throw new DeskServiceError('SERVER_REFUSED', `The practice's databases are not on the server yet (${enrolmentDbName(clean.prefix)} is missing). Create them as the README's "Several desks" section says.`);
      if (enrolment.status !== 200) throw new DeskServiceError('SERVER_REFUSED', 'This desk’s account may not use the practice’s databases on that server.');
      // The first desk to connect founds the practice on this server; later ones join it.
      const member = await checkMembership(clean, true);
      await store.write({ ...clean, member });
      if (member) await registerSelf(clean).catch(() => undefined);
      return status();
    },

    /** The screens started their local database afresh after joining. */
    async freshStartDone(): Promise<void> {
      const s = (await store.read())?.data;
      if (s?.freshStart) await store.write({ ...s, freshStart: false });
    },

    /** The replication transport: only the practice's own databases, never the server's others. */
    async request(method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
      const s = await settings();
      if (!replicationPathAllowed(s.prefix, path, base(s))) throw new DeskServiceError('BAD_REQUEST', 'That request is outside the practice’s databases.');
      return send(s, method, path, body);
    },

    /** This desk's user on the practice server, or null when it is not connected to one. */
    async ownUser(): Promise<string | null> {
      return (await store.read())?.data?.username ?? null;
    },

    /** Now by the server's clock (to a second: HTTP dates), so desks with skewed clocks agree on leases. */
    serverNow(): number {
      return now() + serverOffsetMs;
    },

    /** A coordination document and its revision, or null when it does not exist yet. */
    async readControl(id: string): Promise<{ doc: Record<string, unknown>; rev: string } | null> {
      return readControlWith(await settings(), id);
    },

    /** Writes it only over revision `rev` (none: only if new); false when another desk wrote first. */
    async writeControl(id: string, doc: Record<string, unknown>, rev: string | null): Promise<boolean> {
      return writeControlWith(await settings(), id, doc, rev);
    },

    async startJoin(): Promise<{ code: string; safetyNumber: string }> {
      const s = await settings();
      const keys = newDeskKeyPair();
      const request: EnrolmentRequest = { code: enrolmentCode(), deskName: s.deskName, publicKey: keys.publicKey.toString('base64'), requestedAt: new Date(now()).toISOString() };
      const put = await json(s, 'PUT', `${enrolmentDbName(s.prefix)}/req-${request.code}`, request).catch((error: unknown) => {
        keys.privateKey.fill(0);
        throw error;
      });
      if (put.status !== 201 && put.status !== 202) {
        keys.privateKey.fill(0);
        throw new DeskServiceError('SERVER_REFUSED', 'The practice server did not take the request to join. Check this desk’s account on it.');
      }
      joining?.keys.privateKey.fill(0);
      pending?.secret.fill(0);
      for (const e of pending?.epochSecrets ?? []) e.secret.fill(0);
      pending = null;
      joining = { request, keys, safetyNumber: safetyNumber(keys.publicKey) };
      return { code: request.code, safetyNumber: joining.safetyNumber };
    },

    /**
     * Looks for the administrator's answer. One that opens with this desk's key is held (the
     * secret in memory only) until a person confirms its practice key fingerprint matches the one
     * on the administrator's desk: anyone able to write to the server could otherwise answer with
     * a secret of their own choosing.
     */
    async pollJoin(): Promise<{ state: 'none' | 'waiting' | 'confirm' | 'refused'; practiceKeyId?: string; message?: string }> {
      const current = joining;
      if (!current) return { state: 'none' };
      if (pending) return { state: 'confirm', practiceKeyId: pending.practiceKeyId };
      if (polling) return { state: 'waiting' };
      polling = true;
      try {
        const s = await settings();
        const got = await json(s, 'GET', `${enrolmentDbName(s.prefix)}/grant-${current.request.code}`);
        if (got.status !== 200 || !got.doc) return { state: 'waiting' };
        try {
          const { practiceSecret, practiceKeyId, epochSecrets } = acceptGrant(current.request, current.keys, got.doc as unknown as EnrolmentGrant);
          pending = { secret: practiceSecret, practiceKeyId, epochSecrets };
          return { state: 'confirm', practiceKeyId };
        } catch (error) {
          return { state: 'refused', message: error instanceof EnrolmentError ? error.message : 'The answer could not be used.' };
        }
      } finally {
        polling = false;
      }
    },

    /** A person confirmed the fingerprint: the secret goes into the keychain, the server's copies go. */
    async confirmJoin(shownPracticeKeyId: string): Promise<{ state: 'joined' }> {
      const current = joining;
      const held = pending;
      if (!current || !held) throw new DeskServiceError('NOT_FOUND', 'There is no answer to confirm: ask to join again.');
      if (held.practiceKeyId !== shownPracticeKeyId) throw new DeskServiceError('MISMATCH', 'That is not the fingerprint this desk received. Nothing was changed.');
      const s = await settings();
      // The fresh start is recorded first: if anything below fails, the next open still starts clean.
      await store.write({ ...s, freshStart: true });
      try {
        await options.vault.adoptPracticeSecret(held.secret, held.epochSecrets);
      } catch (error) {
        await store.write(s);
        throw error;
      } finally {
        held.secret.fill(0);
        for (const e of held.epochSecrets) e.secret.fill(0);
        pending = null;
      }
      current.keys.privateKey.fill(0);
      joining = null;
      // Nothing usable stays on the server: the request and the answer go (best effort).
      for (const id of [`req-${current.request.code}`, `grant-${current.request.code}`]) {
        try {
          const doc = await json(s, 'GET', `${enrolmentDbName(s.prefix)}/${id}`);
          const rev = doc.doc && typeof doc.doc._rev === 'string' ? doc.doc._rev : null;
          if (rev) await send(s, 'DELETE', `${enrolmentDbName(s.prefix)}/${id}?rev=${encodeURIComponent(rev)}`);
        } catch {
          // The answer is useless without this desk's private key, now gone.
        }
      }
      const joined = await checkMembership(s, false).catch(() => false);
      await store.write({ ...(await settings()), freshStart: true, member: joined });
      if (joined) await registerSelf(s).catch(() => undefined);
      return { state: 'joined' };
    },

    /**
     * Documents of the control database whose ids start with `idPrefix`, in id order, with their
     * revisions: at most `limit` (500 unless given, at most 2,000), after the id `after` when given.
     */
    async listControl(idPrefix: string, page: { after?: string; limit?: number } = {}): Promise<{ id: string; doc: Record<string, unknown>; rev: string }[]> {
      const s = await settings();
      const limit = Math.min(Math.max(1, page.limit ?? 500), 2_000);
      const start = page.after !== undefined ? `&startkey=${encodeURIComponent(JSON.stringify(page.after))}&skip=1` : `&startkey=${encodeURIComponent(JSON.stringify(idPrefix))}`;
      const got = await json(s, 'GET', `${controlDbName(s.prefix)}/_all_docs?include_docs=true&limit=${limit}${start}&endkey=${encodeURIComponent(JSON.stringify(`${idPrefix}\ufff0`))}`);
      if (got.status !== 200 || !got.doc || !Array.isArray(got.doc.rows)) throw new DeskServiceError('SERVER_REFUSED', 'The practice server did not answer for its coordination database.');
      return (got.doc.rows as { id?: unknown; doc?: Record<string, unknown> }[])
        .filter((r) => typeof r.id === 'string' && r.doc && typeof r.doc._rev === 'string')
        .map((r) => ({ id: r.id as string, doc: r.doc!, rev: r.doc!._rev as string }));
    },

    /**
     * The control database's changes after `since` (a sequence from an earlier answer; 0: from the
     * start), with their documents, at most `limit` (2,000) per answer, in the order the server
     * took them: a reader that keeps `lastSeq` reads each new document once, however late it came.
     */
    async changesControl(since: string | number, limit = 2_000): Promise<{ results: { id: string; doc: Record<string, unknown> | null; deleted: boolean }[]; lastSeq: string | number }> {
      const s = await settings();
      const n = Math.min(Math.max(1, limit), 2_000);
      const got = await json(s, 'GET', `${controlDbName(s.prefix)}/_changes?include_docs=true&limit=${n}&since=${encodeURIComponent(String(since))}`);
      const lastSeq = got.doc?.last_seq;
      if (got.status !== 200 || !got.doc || !Array.isArray(got.doc.results) || (typeof lastSeq !== 'string' && typeof lastSeq !== 'number')) {
        throw new DeskServiceError('SERVER_REFUSED', 'The practice server did not answer for its coordination database.');
      }
      return {
        results: (got.doc.results as { id?: unknown; doc?: Record<string, unknown>; deleted?: unknown }[])
          .filter((r) => typeof r.id === 'string')
          .map((r) => ({ id: r.id as string, doc: r.doc && typeof r.doc === 'object' ? r.doc : null, deleted: r.deleted === true })),
        lastSeq,
      };
    },

    /** Writes new control documents in one request; true per document written or already there with the same content's id (409). */
    async addControlDocs(docs: readonly (Record<string, unknown> & { _id: string })[]): Promise<{ id: string; written: boolean }[]> {
      const s = await settings();
      const got = await json(s, 'POST', `${controlDbName(s.prefix)}/_bulk_docs`, { docs });
      if (got.status !== 201 || !Array.isArray(got.doc)) throw new DeskServiceError('SERVER_REFUSED', 'The practice server did not take the coordination documents.');
      return (got.doc as { id?: unknown; ok?: unknown; error?: unknown }[]).map((r) => ({ id: String(r.id ?? ''), written: r.ok === true || r.error === 'conflict' }));
    },

    /** The practice's desks, from the control database: this one marked, removed ones with when. */
    async listDesks(): Promise<DeskEntry[]> {
      const s = await settings();
      const got = await json(s, 'GET', `${controlDbName(s.prefix)}/_all_docs?include_docs=true&startkey=${encodeURIComponent('"desk-"')}&endkey=${encodeURIComponent('"desk-\ufff0"')}`);
      if (got.status !== 200 || !got.doc || !Array.isArray(got.doc.rows)) throw new DeskServiceError('SERVER_REFUSED', 'The practice server did not list its desks.');
      // Every desk can write the control database: rows not shaped like an entry are skipped.
      return (got.doc.rows as { doc?: Record<string, unknown> }[])
        .map((r) => r.doc ?? {})
        .filter((d) => d.type === 'desk' && typeof d.username === 'string' && DESK_USER_PATTERN.test(d.username))
        .slice(0, 50)
        .map((d) => ({
          username: String(d.username).slice(0, 64),
          deskName: String(d.deskName ?? '').slice(0, 60),
          joinedAt: String(d.joinedAt ?? '').slice(0, 40),
          removedAt: typeof d.removedAt === 'string' ? d.removedAt.slice(0, 40) : null,
          thisDesk: d.username === s.username,
        }))
        .sort((a, b) => (a.joinedAt < b.joinedAt ? -1 : 1));
    },

    /**
     * Removes a lost desk: with the server administrator's name and password (used for these two
     * requests only, never stored), its CouchDB user loses its roles and gets a random password it
     * never learns, so its saved credentials stop working; then its entry is marked removed.
     * This desk cannot remove itself.
     */
    async removeDesk(username: string, admin: { name: string; password: string }, removedBy: string): Promise<{ desk: DeskEntry; listUpdated: boolean }> {
      const s = await settings();
      if (!DESK_USER_PATTERN.test(username)) throw new DeskServiceError('BAD_REQUEST', 'That is not a desk’s server user name.');
      if (username === s.username) throw new DeskServiceError('BAD_REQUEST', 'A desk cannot remove itself. Remove it from another desk.');
      const asAdmin = { ...s, username: admin.name, password: admin.password };
      // The name and password must be the server administrator's: CouchDB answers a plain user's
      // look at another user's account with 404, which must not pass for "no such account".
      const session = await json(asAdmin, 'GET', '_session');
      const roles = (session.doc?.userCtx as { roles?: unknown } | undefined)?.roles;
      if (session.status !== 200 || !Array.isArray(roles) || !roles.includes('_admin')) {
        throw new DeskServiceError('SERVER_REFUSED', 'The server did not accept that administrator name and password.');
      }
      const userPath = `_users/${encodeURIComponent(`org.couchdb.user:${username}`)}`;
      const user = await json(asAdmin, 'GET', userPath);
      if (user.status === 200 && user.doc && typeof user.doc._rev === 'string') {
        const disabled = { _id: `org.couchdb.user:${username}`, _rev: user.doc._rev, name: username, type: 'user', roles: [], password: randomBytes(32).toString('base64url') };
        const put = await json(asAdmin, 'PUT', userPath, disabled);
        if (put.status !== 201 && put.status !== 202) throw new DeskServiceError('SERVER_REFUSED', 'The server did not take the change to that desk’s account.');
      } else if (user.status !== 404) {
        throw new DeskServiceError('SERVER_REFUSED', 'The server did not show that desk’s account.');
      }
      // The account no longer works. Mark the list (a desk enrolled before the list existed gets an entry now).
      const removedAt = new Date(now()).toISOString();
      const entry = await readControlWith(s, registryId(username)).catch(() => null);
      const marked: Record<string, unknown> = { type: 'desk', username, deskName: '', joinedAt: '', ...(entry?.doc ?? {}), removedAt, removedBy: removedBy.slice(0, 60) };
      delete marked._rev;
      delete marked._id;
      const listUpdated = await writeControlWith(s, registryId(username), marked, entry?.rev ?? null).catch(() => false);
      return { desk: { username, deskName: String(marked.deskName ?? '').slice(0, 60), joinedAt: String(marked.joinedAt ?? ''), removedAt, thisDesk: false }, listUpdated };
    },

    /** A member desk makes sure it is in the practice's desk list (desks enrolled before the list existed). */
    async registerIfMember(): Promise<void> {
      const s = (await store.read())?.data;
      if (s?.member) await registerSelf(s);
    },

    async findRequest(typed: string): Promise<{ code: string; deskName: string; safetyNumber: string; requestedAt: string }> {
      const code = normaliseEnrolmentCode(typed);
      if (!code) throw new DeskServiceError('BAD_REQUEST', 'That is not a desk code: it has 8 letters and digits, like 7K3Q-M2XD.');
      const s = await settings();
      const got = await json(s, 'GET', `${enrolmentDbName(s.prefix)}/req-${code}`);
      if (got.status !== 200 || !got.doc) throw new DeskServiceError('NOT_FOUND', 'No desk is asking to join with that code. Check the code on the new desk’s screen.');
      const request = got.doc as unknown as EnrolmentRequest;
      const key = Buffer.from(String(request.publicKey ?? ''), 'base64');
      if (key.length !== 65) throw new DeskServiceError('NOT_FOUND', 'That request is damaged. Ask the new desk to start again.');
      return { code, deskName: String(request.deskName ?? '').slice(0, 60), safetyNumber: safetyNumber(key), requestedAt: String(request.requestedAt ?? '').slice(0, 40) };
    },

    async approve(code: string, shownSafetyNumber: string): Promise<{ deskName: string }> {
      if (options.vault.legacyPractice) throw new DeskServiceError('LEGACY_PRACTICE', 'This desk was set up before desks could share a practice, so it cannot add desks yet.');
      const s = await settings();
      const got = await json(s, 'GET', `${enrolmentDbName(s.prefix)}/req-${code}`);
      if (got.status !== 200 || !got.doc) throw new DeskServiceError('NOT_FOUND', 'That request is no longer on the server.');
      const request = { code: String(got.doc.code), deskName: String(got.doc.deskName), publicKey: String(got.doc.publicKey), requestedAt: String(got.doc.requestedAt) };
      // The approval binds to the key whose number the administrator saw.
      if (request.code !== code || safetyNumber(Buffer.from(request.publicKey, 'base64')) !== shownSafetyNumber) {
        throw new DeskServiceError('MISMATCH', 'The request changed since its safety number was shown. Nothing was granted; look it up again.');
      }
      const secret = options.vault.practiceSecretForGrant();
      // After a removal the practice is on a later key epoch: the new desk gets every epoch's secret.
      const epochs = options.vault.epochSecretsForGrant?.() ?? [];
      let grant: EnrolmentGrant;
      try {
        grant = grantPracticeSecret(request, secret, options.vault.keyEpoch?.() ?? 1, epochs);
      } catch (error) {
        throw new DeskServiceError('BAD_REQUEST', error instanceof Error ? error.message : 'The request cannot be granted.');
      } finally {
        secret.fill(0);
        for (const e of epochs) e.secret.fill(0);
      }
      const put = await json(s, 'PUT', `${enrolmentDbName(s.prefix)}/grant-${code}`, grant);
      if (put.status !== 201 && put.status !== 202) throw new DeskServiceError('SERVER_REFUSED', 'The practice server did not take the answer.');
      return { deskName: request.deskName };
    },
  };
}

export type DeskService = ReturnType<typeof createDeskService>;
