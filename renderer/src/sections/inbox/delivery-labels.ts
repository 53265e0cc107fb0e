/**
 * Plain words for a message's delivery state and for a phone number, as the inbox shows them.
 */
import type { Message } from '../../../data';

export const DELIVERY_LABELS: Readonly<Record<Message['state'], string>> = {
  draft: 'Draft',
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  undelivered: 'Not delivered',
  failed: 'Failed',
  received: 'Received',
};

export const DELIVERY_COLOURS: Readonly<Record<Message['state'], 'default' | 'info' | 'success' | 'warning' | 'error'>> = {
  draft: 'default',
  queued: 'default',
  sending: 'info',
  sent: 'info',
  delivered: 'success',
  undelivered: 'warning',
  failed: 'error',
  received: 'default',
};

/** +12025550103 → (202) 555-0103; anything else is shown as stored. */
export function formatPhone(e164: string | undefined): string {
  if (!e164) return 'Unknown number';
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/** US 10-digit input (with or without +1 and punctuation) → E.164, or null. */
export function toE164(input: string): string | null {
  const digits = input.replace(/[\s().-]/g, '');
  const m = /^(?:\+?1)?([2-9]\d{2}[2-9]\d{6})$/.exec(digits);
  return m ? `+1${m[1]}` : null;
}
