/**
 * Every screen's address, in one list without React: AppRoutes renders from it (a missing page is a
 * type error there) and the browser sweep (test/sweep.browser.test.ts) visits each one per role and
 * width, so a new screen is covered by the sweep from the day it is added.
 */

/** Screens shown without a session. */
export const PUBLIC_ROUTES = ['/login', '/public/inspections/:id'] as const;

/** Screens inside the signed-in shell (menu, header). The `/admin/…` ones render inside the admin page. */
export const SHELL_ROUTES = [
  '/',
  '/change-password',
  '/plans',
  '/plans/import',
  '/plans/versions/:id',
  '/tasks',
  '/tasks/new',
  '/tasks/import',
  '/tasks/:id',
  '/tasks/:id/edit',
  '/reports',
  '/reports/todo',
  '/reports/mine',
  '/reports/review',
  '/reports/periods',
  '/reports/fill',
  '/reports/:id',
  '/supervision',
  '/supervision/new',
  '/supervision/bulletins',
  '/supervision/bulletins/:id',
  '/supervision/instructions',
  '/supervision/instructions/:id',
  '/supervision/scores',
  '/supervision/:id',
  '/meetings',
  '/meetings/new',
  '/meetings/:id',
  '/meetings/:id/edit',
  '/registries',
  '/registries/indicators',
  '/registries/options',
  '/registries/:type',
  '/registries/:type/new',
  '/registries/:type/import',
  '/registries/:type/:id',
  '/registries/:type/:id/edit',
  '/inspections',
  '/inspections/plans/:id',
  '/water',
  '/water/sections/:id',
  '/water/import',
  '/water/agreements',
  '/water/assessment',
  '/water/warnings',
  '/admin',
  '/admin/users',
  '/admin/units',
  '/admin/audit',
  '/notifications',
] as const;

export type PublicRoute = (typeof PUBLIC_ROUTES)[number];
export type ShellRoute = (typeof SHELL_ROUTES)[number];
export type AppRoute = PublicRoute | ShellRoute;

/** The admin screens nest in the admin page's layout (its tabs). */
export const ADMIN_PREFIX = '/admin/';
