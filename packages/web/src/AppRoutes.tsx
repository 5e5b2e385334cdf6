import { Alert } from 'antd';
import { type ComponentType, lazy, type ReactElement, type ReactNode, Suspense } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { Button } from './components/Button.js';
import { PageLoading } from './components/PageLoading.js';
import { useI18n } from './i18n/i18n.js';
import { ADMIN_PREFIX, PUBLIC_ROUTES, type PublicRoute, SHELL_ROUTES, type ShellRoute } from './routeTable.js';
import { type LoginLocationState, useSession } from './session/session.js';

// Every page is its own chunk, loaded when first shown, so the first load stays small.
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const LoginPage = page(() => import('./pages/LoginPage.js'), 'LoginPage');
const Shell = page(() => import('./shell/Shell.js'), 'Shell');
const DashboardPage = page(() => import('./pages/DashboardPage.js'), 'DashboardPage');
const ChangePasswordPage = page(() => import('./pages/ChangePasswordPage.js'), 'ChangePasswordPage');
const PlansPage = page(() => import('./pages/PlansPage.js'), 'PlansPage');
const PlanImportPage = page(() => import('./pages/PlanImportPage.js'), 'PlanImportPage');
const PlanReviewPage = page(() => import('./pages/PlanReviewPage.js'), 'PlanReviewPage');
const TasksPage = page(() => import('./pages/TasksPage.js'), 'TasksPage');
const TaskDetailPage = page(() => import('./pages/TaskDetailPage.js'), 'TaskDetailPage');
const TaskCreatePage = page(() => import('./pages/TaskFormPage.js'), 'TaskCreatePage');
const TaskEditPage = page(() => import('./pages/TaskFormPage.js'), 'TaskEditPage');
const TaskImportPage = page(() => import('./pages/TaskImportPage.js'), 'TaskImportPage');
const ReportsPage = page(() => import('./pages/ReportsPage.js'), 'ReportsPage');
const ReportPage = page(() => import('./pages/ReportPage.js'), 'ReportPage');
const SupervisionPage = page(() => import('./pages/SupervisionPage.js'), 'SupervisionPage');
const SupervisionNewPage = page(() => import('./pages/SupervisionPage.js'), 'SupervisionNewPage');
const ScoringPage = page(() => import('./pages/ScoringPage.js'), 'ScoringPage');
const SupervisionDetailPage = page(() => import('./pages/SupervisionDetailPage.js'), 'SupervisionDetailPage');
const BulletinsPage = page(() => import('./pages/BulletinsPage.js'), 'BulletinsPage');
const BulletinDetailPage = page(() => import('./pages/BulletinDetailPage.js'), 'BulletinDetailPage');
const InstructionsPage = page(() => import('./pages/InstructionsPage.js'), 'InstructionsPage');
const InstructionDetailPage = page(() => import('./pages/InstructionDetailPage.js'), 'InstructionDetailPage');
const MeetingsPage = page(() => import('./pages/MeetingsPage.js'), 'MeetingsPage');
const MeetingDetailPage = page(() => import('./pages/MeetingDetailPage.js'), 'MeetingDetailPage');
const MeetingFormPage = page(() => import('./pages/MeetingFormPage.js'), 'MeetingFormPage');
const RegistriesIndexPage = page(() => import('./pages/RegistriesIndexPage.js'), 'RegistriesIndexPage');
const IndicatorsPage = page(() => import('./pages/IndicatorsPage.js'), 'IndicatorsPage');
const OptionListsPage = page(() => import('./pages/OptionListsPage.js'), 'OptionListsPage');
const RegistryListPage = page(() => import('./pages/RegistryListPage.js'), 'RegistryListPage');
const RegistryImportPage = page(() => import('./pages/RegistryImportPage.js'), 'RegistryImportPage');
const RegistryFormPage = page(() => import('./pages/RegistryFormPage.js'), 'RegistryFormPage');
const RegistryDetailPage = page(() => import('./pages/RegistryDetailPage.js'), 'RegistryDetailPage');
const InspectionsPage = page(() => import('./pages/InspectionsPage.js'), 'InspectionsPage');
const InspectionPlanPage = page(() => import('./pages/InspectionPlanPage.js'), 'InspectionPlanPage');
const PublicInspectionPage = page(() => import('./pages/PublicInspectionPage.js'), 'PublicInspectionPage');
const WaterSectionsPage = page(() => import('./pages/water/WaterSectionsPage.js'), 'WaterSectionsPage');
const WaterSectionPage = page(() => import('./pages/water/WaterSectionPage.js'), 'WaterSectionPage');
const WaterImportPage = page(() => import('./pages/water/WaterImportPage.js'), 'WaterImportPage');
const WaterAgreementsPage = page(() => import('./pages/water/WaterAgreementsPage.js'), 'WaterAgreementsPage');
const WaterAssessmentPage = page(() => import('./pages/water/WaterAssessmentPage.js'), 'WaterAssessmentPage');
const WaterWarningsPage = page(() => import('./pages/water/WaterWarningsPage.js'), 'WaterWarningsPage');
const AdminPage = page(() => import('./pages/AdminPage.js'), 'AdminPage');
const AdminIndex = page(() => import('./pages/AdminPage.js'), 'AdminIndex');
const AdminUsersPage = page(() => import('./pages/admin/UsersPage.js'), 'UsersPage');
const AdminUnitsPage = page(() => import('./pages/admin/UnitsPage.js'), 'UnitsPage');
const AdminAuditPage = page(() => import('./pages/admin/AuditPage.js'), 'AuditPage');
const NotificationsPage = page(() => import('./pages/NotificationsPage.js'), 'NotificationsPage');
const NotFoundPage = page(() => import('./components/PageStates.js'), 'NotFound');

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

/** Lets signed-in users through; sends others to the login page, and pending password changes to that form. */
function RequireSession() {
  const { state, refresh } = useSession();
  const { lang, t } = useI18n();
  const location = useLocation();
  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'error') {
    return (
      <div style={{ maxWidth: 560, margin: '64px auto' }}>
        <Alert
          type="error"
          showIcon
          message={state.error.text(lang)}
          action={
            <Button size="small" onClick={() => void refresh()}>
              {t('app.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  if (state.status === 'anonymous') {
    // After an ended session the user comes back to the same page (only that user: someone else
    // logging in at this browser starts at the dashboard); after logging out, to the dashboard.
    const from = `${location.pathname}${location.search}`;
    const back = state.reason === 'logged_out' || from === '/' ? undefined : from;
    const loginState: LoginLocationState = { from: back, fromUserId: state.reason === 'ended' ? state.userId : undefined, reason: state.reason };
    return <Navigate to="/login" replace state={loginState} />;
  }
  if (state.session.user.mustChangePassword && location.pathname !== '/change-password') {
    return <Navigate to="/change-password" replace />;
  }
  return <Outlet />;
}

/** The page of every screen inside the shell; the record's type makes a route without a page (or a page without a route) a type error. */
const SHELL_PAGES: Record<ShellRoute, ReactElement> = {
  '/': <DashboardPage />,
  '/change-password': <ChangePasswordPage />,
  '/plans': <PlansPage />,
  '/plans/import': <PlanImportPage />,
  '/plans/versions/:id': <PlanReviewPage />,
  '/tasks': <TasksPage />,
  '/tasks/new': <TaskCreatePage />,
  '/tasks/import': <TaskImportPage />,
  '/tasks/:id': <TaskDetailPage />,
  '/tasks/:id/edit': <TaskEditPage />,
  '/reports': <ReportsPage />,
  '/reports/todo': <ReportsPage />,
  '/reports/mine': <ReportsPage />,
  '/reports/review': <ReportsPage />,
  '/reports/periods': <ReportsPage />,
  '/reports/fill': <ReportPage />,
  '/reports/:id': <ReportPage />,
  '/supervision': <SupervisionPage />,
  '/supervision/new': <SupervisionNewPage />,
  '/supervision/bulletins': <BulletinsPage />,
  '/supervision/bulletins/:id': <BulletinDetailPage />,
  '/supervision/instructions': <InstructionsPage />,
  '/supervision/instructions/:id': <InstructionDetailPage />,
  '/supervision/scores': <ScoringPage />,
  '/supervision/:id': <SupervisionDetailPage />,
  '/meetings': <MeetingsPage />,
  '/meetings/new': <MeetingFormPage />,
  '/meetings/:id': <MeetingDetailPage />,
  '/meetings/:id/edit': <MeetingFormPage />,
  '/registries': <RegistriesIndexPage />,
  '/registries/indicators': <IndicatorsPage />,
  '/registries/options': <OptionListsPage />,
  '/registries/:type': <RegistryListPage />,
  '/registries/:type/new': <RegistryFormPage />,
  '/registries/:type/import': <RegistryImportPage />,
  '/registries/:type/:id': <RegistryDetailPage />,
  '/registries/:type/:id/edit': <RegistryFormPage />,
  '/inspections': <InspectionsPage />,
  '/inspections/plans/:id': <InspectionPlanPage />,
  '/water': <WaterSectionsPage />,
  '/water/sections/:id': <WaterSectionPage />,
  '/water/import': <WaterImportPage />,
  '/water/agreements': <WaterAgreementsPage />,
  '/water/assessment': <WaterAssessmentPage />,
  '/water/warnings': <WaterWarningsPage />,
  '/admin': <AdminIndex />,
  '/admin/users': <AdminUsersPage />,
  '/admin/units': <AdminUnitsPage />,
  '/admin/audit': <AdminAuditPage />,
  '/notifications': <NotificationsPage />,
};

const PUBLIC_PAGES: Record<PublicRoute, ReactElement> = {
  '/login': <LoginPage />,
  '/public/inspections/:id': <PublicInspectionPage />,
};

const isAdminScreen = (path: ShellRoute) => path === '/admin' || path.startsWith(ADMIN_PREFIX);

export function AppRoutes() {
  return (
    <Routes>
      {PUBLIC_ROUTES.map((path) => (
        <Route key={path} path={path} element={<Lazy>{PUBLIC_PAGES[path]}</Lazy>} />
      ))}
      <Route element={<RequireSession />}>
        <Route
          element={
            <Lazy>
              <Shell />
            </Lazy>
          }
        >
          {SHELL_ROUTES.filter((path) => !isAdminScreen(path)).map((path) =>
            path === '/' ? <Route key={path} index element={SHELL_PAGES[path]} /> : <Route key={path} path={path} element={SHELL_PAGES[path]} />,
          )}
          <Route path="/admin" element={<AdminPage />}>
            {SHELL_ROUTES.filter(isAdminScreen).map((path) =>
              path === '/admin' ? <Route key={path} index element={SHELL_PAGES[path]} /> : <Route key={path} path={path} element={SHELL_PAGES[path]} />,
            )}
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
