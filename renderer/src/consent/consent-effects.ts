/**
 * Owns what a consent event recorded at this desk must change in main, right after it is in the
 * ledger: a revocation staff recorded or confirmed suppresses the number and cancels what waits
 * for it (R23, R24; or, scoped to some purposes, cancels only those, R26); a documented
 * re-opt-in lifts main's suppression (R27); a new grant to a recurring programme sends the one
 * opt-in confirmation (R30). The ledger stays the record: when main cannot be reached (locked
 * between screens, sync restarting) the event is still saved and the caller is told, and the
 * inbox and campaigns refuse from the ledger anyway.
 */
import { RE_OPT_IN_METHODS } from '../../../shared/consent/consent-state';
import { CAPTURE_PURPOSES, type CapturePurpose } from '../../../shared/consent/disclosures';
import { call } from '../platform/call';
import { carerelay } from '../platform/carerelay';

export interface EffectResult {
  readonly ok: boolean;
  /** Plain words for the person at the desk when main could not apply it. */
  readonly message?: string;
}

const NOT_APPLIED = 'Saved in the consent record, but CareRelay could not update the sending queue just now. Texts to this number are still refused from the record; try again if a reminder was waiting.';

/** A revocation recorded (every purpose unless `purposes` names fewer). */
export async function applyRevocation(phone: string, consentEventId: string, purposes?: readonly CapturePurpose[]): Promise<EffectResult & { cancelled: number }> {
  const scoped = purposes && purposes.length < CAPTURE_PURPOSES.length ? { purposes: [...purposes] } : {};
  const r = await call(() => carerelay().suppression.set({ number: phone, action: 'revoke', consentEventId, ...scoped }));
  return r.ok ? { ok: true, cancelled: r.value.cancelled } : { ok: false, cancelled: 0, message: NOT_APPLIED };
}

/**
 * A grant recorded: with a documentary method it may lift an earlier opt-out in main (R27), and
 * a grant to a recurring programme is confirmed to the patient once (R30).
 */
export async function applyGrant(input: {
  phone: string;
  consentEventId: string;
  method: string;
  purposes: readonly CapturePurpose[];
  language: 'en' | 'es';
  sendConfirmation: boolean;
}): Promise<EffectResult> {
  if (RE_OPT_IN_METHODS.has(input.method)) {
    const lifted = await call(() => carerelay().suppression.set({ number: input.phone, action: 'restore', consentEventId: input.consentEventId }));
    if (!lifted.ok) return { ok: false, message: NOT_APPLIED };
  }
  if (!input.sendConfirmation || input.purposes.length === 0) return { ok: true };
  const sent = await call(() =>
    carerelay().outbox.sendOptInConfirmation({ to: input.phone, consentEventId: input.consentEventId, purposes: [...input.purposes], language: input.language }),
  );
  return sent.ok ? { ok: true } : { ok: false, message: `Consent saved. The confirmation text was not sent: ${sent.error.message}` };
}
