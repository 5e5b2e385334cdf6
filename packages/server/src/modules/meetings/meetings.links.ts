import { roleHasPermission, TASK_STATUS_LABELS, type TaskStatus } from '@duikou/domain';
import type { SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { Principal } from '../../http/principal.js';
import { recordScope, recordTargets } from '../registries/registries.repository.js';
import { supervisionScope } from '../supervision/supervision.repository.js';
import { taskScope } from '../tasks/tasks.repository.js';
import * as repo from './meetings.repository.js';

/**
 * What an agenda item can be about. Each kind has one resolver here and nowhere else: adding a
 * kind means adding its name to LINK_KINDS and its resolver to RESOLVERS; the table, the schemas
 * and the screens take it from there.
 */
export const LINK_KINDS = ['task', 'supervision', 'project'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** A linked record as the caller may see it. */
export interface LinkTarget {
  id: string;
  pairId: string;
  label: string;
  state: string | null;
  unitNames: string[];
}

export interface LinkResolver {
  /** What the word for the kind is in a field error ("任务不存在"). */
  noun: string;
  /** The records among `ids` the caller can reach, by id. */
  resolve(db: Executor, principal: Principal, ids: readonly string[]): Promise<Map<string, LinkTarget>>;
  /** Records of the pair in the caller's reach whose label contains `q`, for the picker. */
  search(db: Executor, principal: Principal, pairId: string, q: string | undefined, limit: number): Promise<LinkTarget[]>;
}

const SUPERVISION_STATUS_LABELS: Readonly<Record<string, string>> = {
  assigned: '待签收',
  in_progress: '办理中',
  completion_requested: '待审核办结',
  closed: '已办结',
};

/** The caller's reach for a kind: the same scope its own module applies (no right → nothing). */
function scopeOf(
  principal: Principal,
  permission: 'tasks.read' | 'supervision.read' | 'registries.read',
  build: (grants: Principal['grants']) => SQL,
): SQL | null {
  const grants = principal.grants.filter((g) => roleHasPermission(g.role, permission));
  return grants.length === 0 ? null : build(grants);
}

function byId(targets: LinkTarget[]): Map<string, LinkTarget> {
  return new Map(targets.map((t) => [t.id, t]));
}

const taskResolver: LinkResolver = {
  noun: '任务',
  async resolve(db, principal, ids) {
    const scope = scopeOf(principal, 'tasks.read', (g) => taskScope(g, principal.userId));
    if (!scope || ids.length === 0) return new Map();
    return byId((await repo.taskTargets(db, { ids, scope })).map(taskTarget));
  },
  async search(db, principal, pairId, q, limit) {
    const scope = scopeOf(principal, 'tasks.read', (g) => taskScope(g, principal.userId));
    if (!scope) return [];
    return (await repo.taskTargets(db, { pairId, q, scope, limit })).map(taskTarget);
  },
};

function taskTarget(row: repo.TaskTargetRow): LinkTarget {
  return {
    id: row.id,
    pairId: row.pairId,
    label: row.title,
    state: TASK_STATUS_LABELS[row.status as TaskStatus]?.zh ?? row.status,
    unitNames: row.leadUnitNames,
  };
}

const supervisionResolver: LinkResolver = {
  noun: '督办事项',
  async resolve(db, principal, ids) {
    const scope = scopeOf(principal, 'supervision.read', (g) => supervisionScope(g, principal.userId));
    if (!scope || ids.length === 0) return new Map();
    return byId((await repo.supervisionTargets(db, { ids, scope })).map(supervisionTarget));
  },
  async search(db, principal, pairId, q, limit) {
    const scope = scopeOf(principal, 'supervision.read', (g) => supervisionScope(g, principal.userId));
    if (!scope) return [];
    return (await repo.supervisionTargets(db, { pairId, q, scope, limit })).map(supervisionTarget);
  },
};

function supervisionTarget(row: repo.SupervisionTargetRow): LinkTarget {
  return { id: row.id, pairId: row.pairId, label: row.requirement, state: SUPERVISION_STATUS_LABELS[row.status] ?? row.status, unitNames: [row.unitName] };
}

/** A project of the project registry (项目库), with its stage. */
const projectResolver: LinkResolver = {
  noun: '项目',
  async resolve(db, principal, ids) {
    const scope = scopeOf(principal, 'registries.read', (g) => recordScope(g, principal.userId));
    if (!scope || ids.length === 0) return new Map();
    return byId((await recordTargets(db, 'project', { ids, scope })).map(projectTarget));
  },
  async search(db, principal, pairId, q, limit) {
    const scope = scopeOf(principal, 'registries.read', (g) => recordScope(g, principal.userId));
    if (!scope) return [];
    return (await recordTargets(db, 'project', { pairId, q, scope, limit })).map(projectTarget);
  },
};

function projectTarget(row: Awaited<ReturnType<typeof recordTargets>>[number]): LinkTarget {
  return { id: row.id, pairId: row.pairId, label: row.title, state: row.stage, unitNames: [row.unitName] };
}

export const RESOLVERS: Readonly<Record<LinkKind, LinkResolver>> = { task: taskResolver, supervision: supervisionResolver, project: projectResolver };

/** Every link of a list resolved for the caller, one query per kind; unreachable ones are missing from the map. */
export async function resolveLinks(db: Executor, principal: Principal, links: readonly { kind: LinkKind; id: string }[]): Promise<Map<string, LinkTarget>> {
  const found = new Map<string, LinkTarget>();
  for (const kind of LINK_KINDS) {
    const ids = [...new Set(links.filter((l) => l.kind === kind).map((l) => l.id))];
    if (ids.length === 0) continue;
    for (const [id, target] of await RESOLVERS[kind].resolve(db, principal, ids)) found.set(linkKey(kind, id), target);
  }
  return found;
}

export const linkKey = (kind: string, id: string) => `${kind}:${id}`;

export function isLinkKind(kind: string | null): kind is LinkKind {
  return kind !== null && (LINK_KINDS as readonly string[]).includes(kind);
}
