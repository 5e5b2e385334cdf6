import { AuditOutlined, ClusterOutlined, TeamOutlined } from '@ant-design/icons';
import { Card, Tabs } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { PageLoading } from '../components/PageLoading.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useReopen } from '../components/useReopen.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';

/** The permission each screen needs; the server checks it again on every call. */
const SECTION_PERMISSION = { users: 'users.write', units: 'units.write', audit: 'audit.read' } as const;

type SectionPath = keyof typeof SECTION_PERMISSION;

interface AdminSection {
  path: SectionPath;
  label: MessageKey;
  icon: ReactNode;
  permission: string;
}

// Users first: it is the screen administrators open most.
const ADMIN_SECTIONS: readonly AdminSection[] = [
  { path: 'users', label: 'admin.tab.users', icon: <TeamOutlined aria-hidden />, permission: SECTION_PERMISSION.users },
  { path: 'units', label: 'admin.tab.units', icon: <ClusterOutlined aria-hidden />, permission: SECTION_PERMISSION.units },
  { path: 'audit', label: 'admin.tab.audit', icon: <AuditOutlined aria-hidden />, permission: SECTION_PERMISSION.audit },
];

const ADMIN_PERMISSIONS = ADMIN_SECTIONS.map((section) => section.permission);

function useAllowedSections(): AdminSection[] {
  const session = useCurrentSession();
  return ADMIN_SECTIONS.filter((section) => hasAnyPermission(session, [section.permission]));
}

/** 系统管理: the frame of the administration screens, one tab per screen the session may open. */
export function AdminPage() {
  return (
    <RequirePermission any={ADMIN_PERMISSIONS}>
      <Admin />
    </RequirePermission>
  );
}

function Admin() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const sections = useAllowedSections();
  const active = location.pathname.split('/')[2] ?? '';
  const reopen = useReopen();
  return (
    <div>
      <PageTitle>{t('admin.title')}</PageTitle>
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={active}
          onChange={(key) => navigate(`/admin/${key}`)}
          onTabClick={(key) => key === active && reopen()}
          items={sections.map((section) => ({
            key: section.path,
            icon: section.icon,
            label: t(section.label),
          }))}
        />
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Card>
    </div>
  );
}

/** `/admin` opens the first screen the session may use. */
export function AdminIndex() {
  const [first] = useAllowedSections();
  return first ? <Navigate to={`/admin/${first.path}`} replace /> : null;
}

/** Guards one administration screen by its section's permission. */
export function AdminSectionGuard({ path, children }: { path: SectionPath; children: ReactNode }) {
  return <RequirePermission any={[SECTION_PERMISSION[path]]}>{children}</RequirePermission>;
}
