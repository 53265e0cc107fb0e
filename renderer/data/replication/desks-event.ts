/** Sent on window by the Desks settings when this desk was connected to a practice server: the open database starts replicating. */
export const DESKS_CHANGED_EVENT = 'carerelay:desks-changed';
