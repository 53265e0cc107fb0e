/** The role × permission table. */
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, type Permission } from '../ipc/define';
import { permissionsOf, roleAllows, ROLES, type Role } from './roles';

const expected: Record<Permission, Record<Role, boolean>> = {
  public: { 'front-desk': true, 'practice-manager': true, administrator: true },
  'session.self': { 'front-desk': true, 'practice-manager': true, administrator: true },
  'inbox.use': { 'front-desk': true, 'practice-manager': true, administrator: true },
  'patients.use': { 'front-desk': true, 'practice-manager': true, administrator: true },
  'consent.capture': { 'front-desk': true, 'practice-manager': true, administrator: true },
  'campaigns.manage': { 'front-desk': false, 'practice-manager': true, administrator: true },
  'templates.manage': { 'front-desk': false, 'practice-manager': true, administrator: true },
  'reports.view': { 'front-desk': false, 'practice-manager': true, administrator: true },
  'users.manage': { 'front-desk': false, 'practice-manager': false, administrator: true },
  'settings.manage': { 'front-desk': false, 'practice-manager': false, administrator: true },
  'gateway.manage': { 'front-desk': false, 'practice-manager': false, administrator: true },
  'audit.view': { 'front-desk': false, 'practice-manager': false, administrator: true },
  'audit.export': { 'front-desk': false, 'practice-manager': false, administrator: true },
  'device.wipe': { 'front-desk': false, 'practice-manager': false, administrator: true },
};

describe('roles', () => {
  it('the table covers every permission', () => {
    expect(Object.keys(expected).sort()).toEqual([...PERMISSIONS].sort());
  });
  for (const permission of PERMISSIONS) {
    for (const role of ROLES) {
      it(`${role} ${expected[permission][role] ? 'may' : 'may not'} ${permission}`, () => {
        expect(roleAllows(role, permission)).toBe(expected[permission][role]);
        if (permission !== 'public') expect(permissionsOf(role).has(permission)).toBe(expected[permission][role]);
      });
    }
  }
});
