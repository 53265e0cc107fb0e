/**
 * Synthetic, obviously fake practice data for tests and the benchmark: patients named from
 * made-up syllables with 555-01xx-style fictional numbers, conversations and messages. Never
 * real people or numbers.
 */
import { invertTime, type ConversationDoc, type MessageDoc, type PatientDoc } from '../schema';

const GIVEN = ['Testa', 'Fakeo', 'Sampla', 'Mocky', 'Dummo', 'Placea', 'Synthia', 'Demora', 'Exempla', 'Protos', 'Quiza', 'Trialo'];
const FAMILY = ['McSynthetic', 'Testerson', 'Fakewell', 'Mockridge', 'Dummington', 'Placeholder', 'Samplesby', 'Demoford', 'Examplar', 'Trialworth'];

export function syntheticName(i: number): { givenName: string; familyName: string } {
  return {
    givenName: `${GIVEN[i % GIVEN.length]}${String.fromCharCode(97 + (Math.floor(i / 12) % 26))}`,
    familyName: `${FAMILY[Math.floor(i / 7) % FAMILY.length]}${Math.floor(i / 70)}`,
  };
}

/** Fictional US numbers: +1 (2xx..9xx) 555-xxxx. */
export function syntheticPhone(i: number): string {
  const area = 201 + (Math.floor(i / 10_000) % 700);
  return `+1${area}555${String(i % 10_000).padStart(4, '0')}`;
}

export function syntheticPatient(i: number, phone: string, phoneHash: string, now: number): PatientDoc {
  return {
    id: `p-${String(i).padStart(6, '0')}`,
    ...syntheticName(i),
    phone,
    phoneHash,
    phoneType: 'mobile',
    phoneSource: 'patient',
    phoneRecordedAt: now,
    dateOfBirth: '1970-01-01',
    preferredLanguage: i % 5 ? 'en' : 'es',
    textingPreference: 'any',
    preferenceWritten: false,
    createdAt: now,
    updatedAt: now,
  };
}

export function syntheticConversation(i: number, patientId: string, phoneHash: string, at: number, preview: string, phone?: string): ConversationDoc {
  return {
    id: `c-${String(i).padStart(6, '0')}`,
    patientId,
    phoneHash,
    ...(phone ? { phone } : {}),
    status: i % 3 === 0 ? 'waiting' : i % 7 === 0 ? 'closed' : 'open',
    statusAt: at,
    assignedTo: i % 5 === 0 ? 'staff-demo' : '',
    assignedAt: i % 5 === 0 ? at : 0,
    claimedBy: '',
    claimedAt: 0,
    inboundCount: 5 + (i % 4),
    lastInboundAt: at,
    failedCount: i % 50 === 0 ? 1 : 0,
    lastActivityAt: at,
    queueKey: invertTime(at),
    lastDirection: i % 2 ? 'inbound' : 'outbound',
    lastMessagePreview: preview,
    updatedAt: at,
  };
}

export function syntheticMessage(conversationId: string, n: number, at: number): MessageDoc {
  return {
    id: `${conversationId}-m${String(n).padStart(5, '0')}`,
    conversationId,
    direction: n % 2 ? 'inbound' : 'outbound',
    body: `Synthetic test message ${n}: your pretend appointment is on a made-up day. Reply C to confirm.`,
    sentAt: at,
    threadKey: invertTime(at),
    state: n % 2 ? 'received' : 'delivered',
    clientId: n % 2 ? '' : `out-${conversationId}-${n}`,
    gatewaySid: `SM${conversationId.replace(/\W/g, '')}${n}`.slice(0, 34),
    errorCode: 0,
    failureCode: '',
    review: '',
    reviewConfidence: 0,
    segments: 1,
    staffId: n % 2 ? '' : 'staff-demo',
    campaignId: '',
    updatedAt: at,
  };
}
