/**
 * Who is who among the practice's staff, for the screens that name people: "Maria is replying",
 * who sent a message. Read once per signed-in frame through `staff.directory` (names and roles
 * only; staff names are not PHI) and shown through SafeLabel like any other typed text.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { StaffEntry } from '../../../shared/ipc/channels/inbox';
import { roleAllows } from '../../../shared/accounts/roles';
import { call } from '../platform/call';
import { carerelay } from '../platform/carerelay';
import { useSession } from '../session/session-context';

const StaffContext = createContext<ReadonlyMap<string, StaffEntry>>(new Map());

export function StaffDirectoryProvider({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const [staff, setStaff] = useState<ReadonlyMap<string, StaffEntry>>(new Map());
  const allowed = session.user ? roleAllows(session.user.role, 'inbox.use') : false;
  useEffect(() => {
    if (!allowed) return;
    let live = true;
    void call(() => carerelay().staff.directory()).then((r) => {
      if (live && r.ok) setStaff(new Map(r.value.staff.map((s) => [s.id, s])));
    });
    return () => {
      live = false;
    };
  }, [allowed]);
  return <StaffContext.Provider value={staff}>{children}</StaffContext.Provider>;
}

/** A staff member's name for display ("a colleague" when unknown, "CareRelay" for automation). */
export function useStaffName(): (staffId: string) => string {
  const staff = useContext(StaffContext);
  // Stable while the directory is: screens may depend on it in effects.
  return useCallback(
    (staffId: string) => {
      if (!staffId) return 'a colleague';
      if (staffId === 'system') return 'CareRelay (automatic)';
      return staff.get(staffId)?.fullName ?? 'a colleague';
    },
    [staff],
  );
}
