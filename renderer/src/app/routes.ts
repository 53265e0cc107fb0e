/**
 * The sections of the app and their hash routes (`#/inbox`, `#/patients`, ...). Each section's
 * screen is its own lazily loaded module, so the first screen only loads the frame and the Inbox.
 * Each names the permission it needs, so the navigation shows a role only what it can use.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type SvgIcon from '@mui/material/SvgIcon';
import type { Permission } from '../../../shared/ipc';
import { roleAllows, type Role } from '../../../shared/accounts/roles';
import InboxOutlined from '@mui/icons-material/InboxOutlined';
import PeopleAltOutlined from '@mui/icons-material/PeopleAltOutlined';
import CampaignOutlined from '@mui/icons-material/CampaignOutlined';
import FactCheckOutlined from '@mui/icons-material/FactCheckOutlined';
import SettingsOutlined from '@mui/icons-material/SettingsOutlined';

export type SectionId = 'inbox' | 'patients' | 'campaigns' | 'audit' | 'settings';

type PageModule = { default: ComponentType };

export interface Section {
  id: SectionId;
  label: string;
  href: `#/${SectionId}`;
  Icon: typeof SvgIcon;
  /** What a role needs to use the section; the navigation hides it otherwise (main enforces). */
  permission: Permission;
  /** The screen explains itself to a role without the permission (instead of the frame's notice). */
  explainsItself: boolean;
  /** Starts (or reuses) the download of the section's module. */
  load: () => Promise<PageModule>;
  Page: LazyExoticComponent<ComponentType>;
}

function section(
  id: SectionId,
  label: string,
  Icon: typeof SvgIcon,
  permission: Permission,
  importer: () => Promise<PageModule>,
  explainsItself = false,
): Section {
  let pending: Promise<PageModule> | null = null;
  const load = () => {
    pending ??= importer().catch((error: unknown) => {
      pending = null; // let a later attempt retry a failed download
      throw error;
    });
    return pending;
  };
  return { id, label, href: `#/${id}`, Icon, permission, explainsItself, load, Page: lazy(load) };
}

export const SECTIONS: readonly Section[] = [
  section('inbox', 'Inbox', InboxOutlined, 'inbox.use', () => import('../sections/inbox/InboxPage')),
  section('patients', 'Patients', PeopleAltOutlined, 'patients.use', () => import('../sections/patients/PatientsPage')),
  section('campaigns', 'Campaigns', CampaignOutlined, 'campaigns.manage', () => import('../sections/campaigns/CampaignsPage')),
  section('audit', 'Audit', FactCheckOutlined, 'audit.view', () => import('../sections/audit/AuditPage'), true),
  section('settings', 'Settings', SettingsOutlined, 'session.self', () => import('../sections/settings/SettingsPage')),
];

export const DEFAULT_SECTION: SectionId = 'inbox';

export function findSection(id: string): Section | undefined {
  return SECTIONS.find((s) => s.id === id);
}

/** The sections a role may use, in navigation order. */
export function sectionsFor(role: Role): readonly Section[] {
  return SECTIONS.filter((s) => roleAllows(role, s.permission));
}
