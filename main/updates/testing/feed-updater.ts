/**
 * A stand-in for electron-updater in tests: reads a generic-provider feed (`latest.yml`, as
 * electron-builder publishes it) over HTTP, compares versions, downloads the file and verifies
 * its sha512 against the feed and a publisher signature (Ed25519 over the file) against the
 * publisher's public key — what electron-updater and the OS do with a signed installer. No
 * Electron binary needed. Failures are the typed codes the update service records.
 */
import { createHash, verify, type KeyObject } from 'node:crypto';
import { load } from 'js-yaml';
import { z } from 'zod';
import { UpdateError, type UpdateInfo, type UpdaterPort } from '../updater-port';

const feedSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/),
  files: z.array(z.object({ url: z.string().min(1).max(300), sha512: z.string().min(80).max(100), size: z.number().int().positive().optional() })).min(1),
  releaseDate: z.string().optional(),
  /** Test feeds carry the publisher's detached signature (base64); real ones are signed in the installer. */
  signature: z.string().optional(),
});

/** Compares two x.y.z versions (pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const [ma, pa = ''] = a.split('-', 2);
  const [mb, pb = ''] = b.split('-', 2);
  const na = ma!.split('.').map(Number);
  const nb = mb!.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((na[i] ?? 0) !== (nb[i] ?? 0)) return (na[i] ?? 0) - (nb[i] ?? 0);
  if (pa === pb) return 0;
  return pa === '' ? 1 : pb === '' ? -1 : pa < pb ? -1 : 1;
}

export interface FeedUpdaterOptions {
  readonly feedUrl: string;
  readonly currentVersion: string;
  readonly publisherKey: KeyObject;
  readonly fetch?: typeof fetch;
}

export interface FeedUpdater extends UpdaterPort {
  readonly installOnQuit: boolean;
  readonly installs: number;
}

export function createFeedUpdater(options: FeedUpdaterOptions): FeedUpdater {
  const doFetch = options.fetch ?? fetch;
  let found: (z.infer<typeof feedSchema> & { base: string }) | null = null;
  let installOnQuit = false;
  let installs = 0;
  const get = async (url: string): Promise<Response> => {
    try {
      return await doFetch(url, { redirect: 'error' });
    } catch {
      throw new UpdateError('OFFLINE');
    }
  };
  return {
    get installOnQuit() {
      return installOnQuit;
    },
    get installs() {
      return installs;
    },
    async check(): Promise<UpdateInfo | null> {
      const base = options.feedUrl.endsWith('/') ? options.feedUrl : `${options.feedUrl}/`;
      const res = await get(`${base}latest.yml`);
      if (!res.ok) throw new UpdateError(res.status === 404 ? 'BAD_FEED' : 'DOWNLOAD_FAILED');
      let parsed: z.infer<typeof feedSchema>;
      try {
        parsed = feedSchema.parse(load(await res.text()));
      } catch {
        throw new UpdateError('BAD_FEED');
      }
      if (compareVersions(parsed.version, options.currentVersion) <= 0) return null;
      found = { ...parsed, base };
      return { version: parsed.version, ...(parsed.releaseDate ? { releaseDate: parsed.releaseDate } : {}) };
    },
    async download(): Promise<UpdateInfo> {
      if (!found) throw new UpdateError('BAD_FEED');
      const file = found.files[0]!;
      const target = new URL(file.url, found.base);
      if (target.origin !== new URL(found.base).origin) throw new UpdateError('BAD_FEED');
      const res = await get(target.href);
      if (!res.ok) throw new UpdateError('DOWNLOAD_FAILED');
      let bytes: Buffer;
      try {
        bytes = Buffer.from(await res.arrayBuffer());
      } catch {
        throw new UpdateError('DOWNLOAD_FAILED');
      }
      if (createHash('sha512').update(bytes).digest('base64') !== file.sha512) throw new UpdateError('BAD_SIGNATURE');
      const signature = found.signature ? Buffer.from(found.signature, 'base64') : Buffer.alloc(0);
      if (!signature.length || !verify(null, bytes, options.publisherKey, signature)) throw new UpdateError('BAD_SIGNATURE');
      return { version: found.version };
    },
    setInstallOnQuit(on) {
      installOnQuit = on;
    },
    quitAndInstall() {
      installs++;
    },
  };
}
