import { Alert, Space } from 'antd';
import { type ApiError, call, client, type FieldIssue, type Schemas } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { issueText } from '../../components/fieldErrors.js';
import { type ApiState, useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';

export type Unit = Schemas['Unit'];
export type User = Schemas['User'];

// The list endpoint's largest page: a pair has a few hundred units, so the whole tree comes in one or two calls.
const UNIT_PAGE_SIZE = 200;

/** Every unit of the pair the session can read, disabled ones included (the tree shows them greyed). */
async function loadPairUnits(pairId: string): Promise<Unit[]> {
  const all: Unit[] = [];
  for (let page = 1; ; page++) {
    const batch = await call(client.GET('/api/v1/units', { params: { query: { pairId, includeDisabled: 'true', page, pageSize: UNIT_PAGE_SIZE } } }));
    all.push(...batch.items);
    if (batch.items.length < UNIT_PAGE_SIZE || all.length >= batch.total) return all;
  }
}

export function usePairUnits(pairId: string | undefined): ApiState<Unit[]> {
  return useApi(async () => (pairId ? loadPairUnits(pairId) : []), [pairId]);
}

/** Siblings in the order the office set (sort order), then by name as Chinese readers sort it. */
export function compareUnits(a: Unit, b: Unit): number {
  return a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN');
}

/** Units by parent id (`null` for the units directly under their city), each list in display order. */
export function childrenByParent(units: readonly Unit[]): Map<string | null, Unit[]> {
  const ids = new Set(units.map((u) => u.id));
  const map = new Map<string | null, Unit[]>();
  for (const unit of units) {
    // A unit whose parent the session cannot read is shown at the top of its city.
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null;
    map.set(parent, [...(map.get(parent) ?? []), unit]);
  }
  for (const list of map.values()) list.sort(compareUnits);
  return map;
}

export interface UnitOption {
  value: string;
  title: string;
  disabled?: boolean;
  children?: UnitOption[];
}

/**
 * The units of one city (or of every city) as TreeSelect options. `exclude` drops a unit and its
 * subtree (a unit cannot move under itself); disabled units are shown but cannot be picked.
 */
export function unitOptions(units: readonly Unit[], options: { cityId?: string; exclude?: string } = {}): UnitOption[] {
  const byParent = childrenByParent(units.filter((u) => options.cityId === undefined || u.cityId === options.cityId));
  const build = (parent: string | null): UnitOption[] =>
    (byParent.get(parent) ?? [])
      .filter((u) => u.id !== options.exclude)
      .map((u) => {
        const children = build(u.id);
        return { value: u.id, title: u.name, ...(u.disabled ? { disabled: true } : {}), ...(children.length > 0 ? { children } : {}) };
      });
  return build(null);
}

export { asApiError, issueText, showFieldErrors } from '../../components/fieldErrors.js';

/** A failed save: the error, and the issues of it that no field shows. */
export interface FormProblem {
  error: ApiError;
  unplaced: FieldIssue[];
}

/**
 * What the server refused, above the form's buttons. A refusal (403) says so in words, with every
 * reason, even those already shown beside their fields; other errors list the reasons no field shows.
 */
export function FormProblems({ error, unplaced }: { error: ApiError; unplaced: FieldIssue[] }) {
  const { lang, t } = useI18n();
  const forbidden = error.status === 403;
  const reasons = [...new Set((forbidden ? error.details : unplaced).map((issue) => issueText(issue, lang)))];
  const title = forbidden ? t('admin.forbidden') : error.text(lang);
  return (
    <Alert type="error" showIcon style={{ marginBottom: 12 }} message={reasons.length > 0 ? `${title}${t('common.colon')}${reasons.join('；')}` : title} />
  );
}

/**
 * The buttons of a form drawer, with the problem of the last save above them: in the footer it
 * stays in view however long the form is.
 */
export function DrawerFooter(props: { problem: FormProblem | null; submitting: boolean; submitLabel: string; onCancel(): void; onSubmit(): void }) {
  const { t } = useI18n();
  return (
    <div>
      {props.problem ? <FormProblems error={props.problem.error} unplaced={props.problem.unplaced} /> : null}
      <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
        <Button onClick={props.onCancel}>{t('admin.cancel')}</Button>
        <Button type="primary" loading={props.submitting} onClick={props.onSubmit}>
          {props.submitLabel}
        </Button>
      </Space>
    </div>
  );
}
