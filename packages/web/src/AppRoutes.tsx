import { Alert } from 'antd';
import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { Button } from './components/Button.js';
import { PageLoading } from './components/PageLoading.js';
import { useI18n } from './i18n/i18n.js';
import { useSession } from './session/session.js';

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
const SupervisionDetailPage = page(() => import('./pages/SupervisionDetailPage.js'), 'SupervisionDetailPage');
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
    // After an ended session the user comes back to the same page; after logging out, to the dashboard.
    const from = `${location.pathname}${location.search}`;
    const back = state.reason === 'logged_out' || from === '/' ? undefined : from;
    return <Navigate to="/login" replace state={{ from: back, reason: state.reason }} />;
  }
  if (state.session.user.mustChangePassword && location.pathname !== '/change-password') {
    return <Navigate to="/change-password" replace />;
  }
  return <Outlet />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Lazy>
            <LoginPage />
          </Lazy>
        }
      />
      <Route
        path="/public/inspections/:id"
        element={
          <Lazy>
            <PublicInspectionPage />
          </Lazy>
        }
      />
      <Route element={<RequireSession />}>
        <Route
          element={
            <Lazy>
              <Shell />
            </Lazy>
          }
        >
          <Route index element={<DashboardPage />} />
          <Route path="change-password" element={<ChangePasswordPage />} />
          <Route path="plans" element={<PlansPage />} />
          <Route path="plans/import" element={<PlanImportPage />} />
          <Route path="plans/versions/:id" element={<PlanReviewPage />} />
          <Route path="tasks" element={<TasksPage />} />
          <Route path="tasks/new" element={<TaskCreatePage />} />
          <Route path="tasks/import" element={<TaskImportPage />} />
          <Route path="tasks/:id" element={<TaskDetailPage />} />
          <Route path="tasks/:id/edit" element={<TaskEditPage />} />
          <Route path="reports" element={<ReportsPage />} />
          <Route path="reports/todo" element={<ReportsPage />} />
          <Route path="reports/mine" element={<ReportsPage />} />
          <Route path="reports/review" element={<ReportsPage />} />
          <Route path="reports/periods" element={<ReportsPage />} />
          <Route path="reports/fill" element={<ReportPage />} />
          <Route path="reports/:id" element={<ReportPage />} />
          <Route path="supervision" element={<SupervisionPage />} />
          <Route path="supervision/:id" element={<SupervisionDetailPage />} />
          <Route path="meetings" element={<MeetingsPage />} />
          <Route path="meetings/new" element={<MeetingFormPage />} />
          <Route path="meetings/:id" element={<MeetingDetailPage />} />
          <Route path="meetings/:id/edit" element={<MeetingFormPage />} />
          <Route path="registries" element={<RegistriesIndexPage />} />
          <Route path="registries/indicators" element={<IndicatorsPage />} />
          <Route path="registries/options" element={<OptionListsPage />} />
          <Route path="registries/:type" element={<RegistryListPage />} />
          <Route path="registries/:type/new" element={<RegistryFormPage />} />
          <Route path="registries/:type/import" element={<RegistryImportPage />} />
          <Route path="registries/:type/:id" element={<RegistryDetailPage />} />
          <Route path="registries/:type/:id/edit" element={<RegistryFormPage />} />
          <Route path="inspections" element={<InspectionsPage />} />
          <Route path="inspections/plans/:id" element={<InspectionPlanPage />} />
          <Route path="water" element={<WaterSectionsPage />} />
          <Route path="water/sections/:id" element={<WaterSectionPage />} />
          <Route path="water/import" element={<WaterImportPage />} />
          <Route path="water/agreements" element={<WaterAgreementsPage />} />
          <Route path="water/assessment" element={<WaterAssessmentPage />} />
          <Route path="water/warnings" element={<WaterWarningsPage />} />
          <Route path="admin" element={<AdminPage />}>
            <Route index element={<AdminIndex />} />
            <Route path="users" element={<AdminUsersPage />} />
            <Route path="units" element={<AdminUnitsPage />} />
            <Route path="audit" element={<AdminAuditPage />} />
          </Route>
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
