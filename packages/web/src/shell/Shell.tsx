import {
  AlertOutlined,
  BellOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  DownOutlined,
  ExperimentOutlined,
  FileTextOutlined,
  FormOutlined,
  GlobalOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App as AntApp, Badge, Drawer, Dropdown, Layout, Menu, type MenuProps, Space, Typography } from 'antd';
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { BOOT_PAIRS, bootRead, readPairs } from '../api/boot.js';
import { ApiError, call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { startLiveEvents } from '../components/liveEvents.js';
import { PageLoading } from '../components/PageLoading.js';
import { useApi, useLiveRefresh } from '../components/useApi.js';
import { useIsPhone } from '../components/useIsPhone.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { labelOf, useRegistryKinds } from '../pages/registries/kinds.js';
import { hasAnyPermission, useCurrentSession, useSession } from '../session/session.js';
import { type Pair, ShellContext, type ShellContextValue } from './pair.js';
import { pairToShow, rememberedPairId, rememberPairId } from './pairMemory.js';

/** The registries' entry opens into one item per kind (from the server's declarations) and the indicators. */
const REGISTRIES = '/registries';

interface MenuEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Shown when the session has any of these permissions; empty: always. */
  permissions: readonly string[];
}

export const MENU: readonly MenuEntry[] = [
  { path: '/', label: 'menu.dashboard', icon: <DashboardOutlined aria-hidden />, permissions: [] },
  { path: '/plans', label: 'menu.plans', icon: <FileTextOutlined aria-hidden />, permissions: ['plans.read'] },
  { path: '/tasks', label: 'menu.tasks', icon: <UnorderedListOutlined aria-hidden />, permissions: ['tasks.read'] },
  { path: '/reports', label: 'menu.reports', icon: <FormOutlined aria-hidden />, permissions: ['tasks.report', 'reports.review', 'plans.write'] },
  { path: '/supervision', label: 'menu.supervision', icon: <AlertOutlined aria-hidden />, permissions: ['supervision.read'] },
  { path: '/meetings', label: 'menu.meetings', icon: <TeamOutlined aria-hidden />, permissions: ['meetings.read'] },
  { path: REGISTRIES, label: 'menu.registries', icon: <DatabaseOutlined aria-hidden />, permissions: ['registries.read'] },
  { path: '/water', label: 'menu.water', icon: <ExperimentOutlined aria-hidden />, permissions: ['water.read'] },
  { path: '/inspections', label: 'menu.inspections', icon: <SafetyCertificateOutlined aria-hidden />, permissions: ['inspections.read'] },
  { path: '/admin', label: 'menu.admin', icon: <SettingOutlined aria-hidden />, permissions: ['users.write', 'units.write', 'audit.read'] },
];

const UNREAD_POLL_MS = 60_000;

// Most deployments show one pair: the select (a heavy component) loads only when there are several.
const PairSwitcher = lazy(async () => ({ default: (await import('./PairSwitcher.js')).PairSwitcher }));

function selectedKey(pathname: string): string {
  const [, head = '', second] = pathname.split('/');
  const first = `/${head}`;
  if (first === REGISTRIES) return second ? `${REGISTRIES}/${second}` : REGISTRIES;
  return MENU.some((entry) => entry.path === first) ? first : '';
}

/** The frame of every signed-in screen: left menu, header (pair, bell, user menu) and the page. */
export function Shell() {
  const session = useCurrentSession();
  // A pending password change allows nothing but that form (the server refuses everything else).
  // antd's App (context for messages) lives here rather than in the entry chunk, to keep the login page light.
  return <AntApp component={false}>{session.user.mustChangePassword ? <PendingPasswordChange /> : <FullShell />}</AntApp>;
}

function PendingPasswordChange() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Outlet />
    </Suspense>
  );
}

function FullShell() {
  const session = useCurrentSession();
  const { logout } = useSession();
  const { lang, setLang, t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const location = useLocation();

  const canReadPairs = hasAnyPermission(session, ['pairs.read']);
  const pairsState = useApi(async () => (canReadPairs ? bootRead(BOOT_PAIRS, readPairs) : []), [canReadPairs]);
  const pairs = pairsState.data ?? [];
  const [pairId, setPairId] = useState<string | null>(rememberedPairId);
  const pair: Pair | null = pairToShow(pairs, pairId);
  const selectPair = useCallback((id: string) => {
    setPairId(id);
    rememberPairId(id);
  }, []);

  const [unread, setUnread] = useState(0);
  const refreshUnread = useCallback(() => {
    call(client.GET('/api/v1/notifications', { params: { query: { pageSize: 1 } } })).then(
      (page) => setUnread(page.unread),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    refreshUnread();
  }, [refreshUnread]);
  // One stream of change notices per tab while signed in; the count follows the caller's notices,
  // every navigation and the window coming back into view.
  useEffect(() => startLiveEvents(), []);
  useLiveRefresh('user', refreshUnread);
  useEffect(() => {
    const timer = window.setInterval(refreshUnread, UNREAD_POLL_MS);
    return () => window.clearInterval(timer);
  }, [refreshUnread]);

  const shell = useMemo<ShellContextValue>(
    () => ({ pairs, pair, pairsLoading: pairsState.loading, selectPair, refreshUnread }),
    [pairs, pair, pairsState.loading, selectPair, refreshUnread],
  );

  const canReadRegistries = hasAnyPermission(session, ['registries.read']);
  const registryKinds = useRegistryKinds(canReadRegistries ? pair?.id : undefined);
  const inRegistries = location.pathname.startsWith(`${REGISTRIES}/`) || location.pathname === REGISTRIES;
  const [openKeys, setOpenKeys] = useState<string[]>(() => (inRegistries ? [REGISTRIES] : []));
  useEffect(() => {
    if (inRegistries) setOpenKeys((keys) => (keys.includes(REGISTRIES) ? keys : [...keys, REGISTRIES]));
  }, [inRegistries]);

  const menuItems: MenuProps['items'] = MENU.filter((entry) => hasAnyPermission(session, entry.permissions)).map((entry) =>
    entry.path === REGISTRIES
      ? {
          key: entry.path,
          icon: entry.icon,
          // A link, so that the group takes one Tab stop like every other item (the menu itself takes none).
          label: <Link to={REGISTRIES}>{t(entry.label)}</Link>,
          children: [
            { key: REGISTRIES, label: <Link to={REGISTRIES}>{t('menu.registriesIndex')}</Link> },
            ...(registryKinds.data ?? []).map((kind) => ({
              key: `${REGISTRIES}/${kind.type}`,
              label: <Link to={`${REGISTRIES}/${kind.type}`}>{labelOf(kind.label, lang)}</Link>,
            })),
            { key: `${REGISTRIES}/indicators`, label: <Link to={`${REGISTRIES}/indicators`}>{t('menu.indicators')}</Link> },
          ],
        }
      : {
          key: entry.path,
          icon: entry.icon,
          label: <Link to={entry.path}>{t(entry.label)}</Link>,
        },
  );

  async function doLogout() {
    try {
      await logout();
    } catch (error) {
      message.error(error instanceof ApiError ? error.text(lang) : String(error));
    }
  }

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined aria-hidden />, label: t('header.changePassword') },
      {
        key: 'language',
        icon: <GlobalOutlined aria-hidden />,
        // Written in the language it switches to, and marked so (WCAG 3.1.2).
        label: <span lang={lang === 'zh' ? 'en' : 'zh-CN'}>{t('lang.switchTo')}</span>,
        title: t('lang.switchToLabel'),
      },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined aria-hidden />, label: t('header.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') navigate('/change-password');
      else if (key === 'language') setLang(lang === 'zh' ? 'en' : 'zh');
      else if (key === 'logout') void doLogout();
    },
  };

  const pairName = (p: Pair) => (lang === 'zh' ? p.name : p.nameEn || p.name);

  // Phones: a top bar with the menu in a drawer, closed again by every navigation.
  const phone = useIsPhone();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the drawer closes when the address changes
  useEffect(() => setDrawerOpen(false), [location.pathname, location.search]);
  const navMenu = (theme: 'dark' | 'light') => (
    <nav aria-label={t('menu.main')}>
      <Menu
        className="main-menu"
        // One Tab stop per item, its link; antd's menu would add a stop of its own before them.
        tabIndex={-1}
        // A second choice of the page already shown changes no address: it closes the drawer too.
        onClick={() => setDrawerOpen(false)}
        theme={theme}
        mode="inline"
        selectedKeys={[selectedKey(location.pathname)]}
        openKeys={openKeys}
        // The group's title is the overview's link: following it while there keeps the group open.
        onOpenChange={(keys) => setOpenKeys(inRegistries && !keys.includes(REGISTRIES) ? [...keys, REGISTRIES] : keys)}
        items={menuItems}
      />
    </nav>
  );

  const pairLine =
    pairs.length > 1 && pair ? (
      <>
        <label htmlFor="pair-switcher" className="pair-label">
          <Typography.Text type="secondary">{t('header.pair')}</Typography.Text>
        </label>
        <Suspense fallback={<Typography.Text strong>{pairName(pair)}</Typography.Text>}>
          <PairSwitcher
            id="pair-switcher"
            title={t('header.switchPair')}
            value={pair.id}
            onChange={selectPair}
            options={pairs.map((p) => ({ value: p.id, label: pairName(p) }))}
          />
        </Suspense>
      </>
    ) : (
      <>
        <Typography.Text type="secondary" className="pair-label">
          {t('header.pair')}
          {t('common.colon')}
        </Typography.Text>
        <Typography.Text strong ellipsis data-testid="pair-name">
          {pair ? pairName(pair) : pairsState.loading ? t('app.loading') : t('header.noPair')}
        </Typography.Text>
      </>
    );

  return (
    <ShellContext.Provider value={shell}>
      <Layout style={{ minHeight: '100vh' }}>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        {phone ? null : (
          <Layout.Sider width={208} breakpoint="lg" collapsedWidth={64} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
            <div
              style={{ color: '#fff', fontSize: 16, fontWeight: 600, padding: '18px 20px', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
            >
              {t('app.shortName')}
            </div>
            {navMenu('dark')}
          </Layout.Sider>
        )}
        {phone ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            title={t('app.shortName')}
            width={280}
            styles={{ body: { padding: 0 } }}
            rootClassName="menu-drawer"
          >
            {navMenu('light')}
          </Drawer>
        ) : null}
        <Layout>
          <Layout.Header
            style={{
              background: '#fff',
              padding: phone ? '0 4px 0 0' : '0 24px',
              display: 'flex',
              flexWrap: phone ? 'wrap' : 'nowrap',
              alignItems: 'center',
              justifyContent: 'space-between',
              gap: phone ? 0 : 16,
              height: phone ? 'auto' : undefined,
              lineHeight: phone ? 'normal' : undefined,
              borderBottom: '1px solid #f0f0f0',
              position: 'sticky',
              top: 0,
              zIndex: 10,
            }}
          >
            {phone ? (
              <div className="app-header-start">
                <Button
                  type="text"
                  className="menu-button"
                  icon={<MenuOutlined aria-hidden style={{ fontSize: 18 }} />}
                  aria-label={t('header.openMenu')}
                  aria-expanded={drawerOpen}
                  onClick={() => setDrawerOpen(true)}
                />
                <span className="app-header-name">{t('app.shortName')}</span>
              </div>
            ) : (
              <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>{pairLine}</div>
            )}
            <Space size={phone ? 0 : 8}>
              <Badge count={unread} size="small" offset={[-4, 4]}>
                <Button
                  type="text"
                  shape="circle"
                  icon={<BellOutlined style={{ fontSize: 18 }} />}
                  aria-label={t('header.bell', { count: unread })}
                  onClick={() => navigate('/notifications')}
                />
              </Badge>
              <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
                <Button type="text" aria-label={t('header.userMenu', { name: session.user.displayName })}>
                  <UserOutlined aria-hidden />
                  {phone ? null : <span>{session.user.displayName}</span>}
                  <DownOutlined aria-hidden style={{ fontSize: 10 }} />
                </Button>
              </Dropdown>
            </Space>
            {phone ? <div className="pair-line pair-line-phone">{pairLine}</div> : null}
          </Layout.Header>
          <Layout.Content id="main" tabIndex={-1} style={{ padding: phone ? '12px 8px' : 24, outline: 'none', minWidth: 0 }}>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </ShellContext.Provider>
  );
}
