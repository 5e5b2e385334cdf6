import { call, client, type Schemas, type Session } from '../../api/client.js';

type Plan = Schemas['Plan'];
type Unit = Schemas['Unit'];

/** How many red tasks and overdue supervision items the dashboard lists. */
const OVERDUE_ROWS = 8;

export function publishedVersion(plan: Plan) {
  return plan.versions.find((v) => v.status === 'published') ?? null;
}

/**
 * What the dashboard shows for a pair: its published plan, the figures, the districts and
 * counties for the tiles, the red tasks and the overdue supervision items, fetched in parallel
 * once the plan is known. Its own module so that the page load can start it before the page's
 * code has arrived (api/boot.ts).
 */
export async function loadPlanDashboard(pairId: string, permissions: Session['permissions']) {
  const plans = await call(client.GET('/api/v1/plans', { params: { query: { pairId } } }));
  const plan = plans.items.find((p) => publishedVersion(p) !== null) ?? null;
  if (!plan) return { plan: null, dashboard: null, units: [] as Unit[], redTasks: null, overdue: null };
  const canReadUnits = permissions.includes('units.read');
  const unitsOf = (type: 'county' | 'district') =>
    canReadUnits
      ? call(client.GET('/api/v1/units', { params: { query: { pairId, type, pageSize: 100 } } })).then((r) => r.items)
      : Promise.resolve([] as Unit[]);
  const [dashboard, counties, districts, redTasks, overdue] = await Promise.all([
    call(client.GET('/api/v1/dashboard', { params: { query: { planId: plan.id } } })),
    unitsOf('county'),
    unitsOf('district'),
    call(client.GET('/api/v1/tasks', { params: { query: { pairId, light: 'red', pageSize: OVERDUE_ROWS } } })),
    permissions.includes('supervision.read')
      ? call(client.GET('/api/v1/supervision', { params: { query: { pairId, overdue: 'true', pageSize: OVERDUE_ROWS } } }))
      : Promise.resolve(null),
  ]);
  return { plan, dashboard, units: [...counties, ...districts], redTasks, overdue };
}

export type PlanDashboardData = Awaited<ReturnType<typeof loadPlanDashboard>>;

/** The caller's work in a pair, per role (its home), read at page load beside the dashboard (api/boot.ts). */
export const loadHome = (pairId: string) => call(client.GET('/api/v1/home', { params: { query: { pairId } } }));
