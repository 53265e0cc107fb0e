/**
 * Staff roles and what each may do. Front desk: inbox, patients, consent capture. Practice
 * manager: that plus campaigns, templates and reports. Administrator: everything, including
 * users, settings, the gateway, audit export and wiping this computer. Main checks these on
 * every IPC channel; the screens only use them to hide what a role cannot use.
 */
import type { Permission } from '../ipc/define';

export const ROLES = ['front-desk', 'practice-manager', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  'front-desk': 'Front desk',
  'practice-manager': 'Practice manager',
  administrator: 'Administrator',
};

const FRONT_DESK: readonly Permission[] = ['session.self', 'inbox.use', 'patients.use', 'consent.capture'];
const MANAGER: readonly Permission[] = [...FRONT_DESK, 'campaigns.manage', 'templates.manage', 'reports.view'];
const ADMIN: readonly Permission[] = [
  ...MANAGER,
  'users.manage',
  'settings.manage',
  'gateway.manage',
  'audit.view',
  'audit.export',
  'device.wipe',
];

const GRANTS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  'front-desk': new Set(FRONT_DESK),
  'practice-manager': new Set(MANAGER),
  administrator: new Set(ADMIN),
};

export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return GRANTS[role];
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return permission === 'public' || GRANTS[role].has(permission);
}
