/** Sends a finished purge's summary to main's audit trail through `practiceDb.reportPurge`. */
import type { CareRelayApi } from '../../../shared/ipc';
import type { ReportPurge } from './purge';

export function bridgePurgeReporter(api: Pick<CareRelayApi, 'practiceDb'>): ReportPurge {
  return async ({ cutoff, messagesDeleted, policyYears }) => {
    const result = await api.practiceDb.reportPurge({ cutoff: new Date(cutoff).toISOString(), messagesDeleted, policyYears });
    if (!result.ok) throw new Error(`The purge was done but could not be recorded in the audit trail: ${result.error.message}`);
    return result.value.recorded;
  };
}
