/**
 * Owns the names of a practice's databases on its replication server: one per replicated
 * collection of the practice database (`<prefix>-<collection>`, underscores as hyphens: CouchDB
 * names are lower case), plus the enrolment and coordination databases only main uses. Main's
 * transport check, the screens' replication and the test stand-in all name them from here. Pure.
 */
export const REPLICATED_COLLECTIONS = ['patients', 'conversations', 'messages', 'consent_events', 'appointments', 'campaigns', 'templates', 'staff_state', 'tasks'] as const;
export type ReplicatedCollection = (typeof REPLICATED_COLLECTIONS)[number];

export const serverDbName = (prefix: string, collection: string): string => `${prefix}-${collection.replace(/_/g, '-')}`.toLowerCase();
export const enrolmentDbName = (prefix: string): string => `${prefix}-enrolment`;
/** Small coordination documents (the practice marker, the sender lease): main's only. */
export const controlDbName = (prefix: string): string => `${prefix}-control`;

/** Every database a practice needs on its server (what its administrator creates). */
export const practiceServerDatabases = (prefix: string): string[] => [enrolmentDbName(prefix), controlDbName(prefix), ...REPLICATED_COLLECTIONS.map((c) => serverDbName(prefix, c))];
