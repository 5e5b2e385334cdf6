import { CheckCircleFilled, CloseCircleFilled, EditOutlined, MinusCircleOutlined, PlusCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Checkbox, DatePicker, Descriptions, Drawer, Form, Space, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { type ApiError, call, client, type Schemas } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FilterBar } from '../../components/FilterBar.js';
import { recordPath } from '../../components/recordPaths.js';
import { Select } from '../../components/Select.js';
import { useApi } from '../../components/useApi.js';
import { auditActionKey, ENUM_LABELS, type EnumGroup } from '../../i18n/enums.js';
import { formatDateTime, formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { useCurrentSession } from '../../session/session.js';
import { AdminSectionGuard } from '../AdminPage.js';
import { asApiError } from './shared.js';

type Entry = Schemas['AuditEntry'];
type ChainCheck = Schemas['AuditChainCheck'];
type Query = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;

const PAGE_SIZE = 20;

/** Actions to filter by, in the dictionary's order; a registry record's actions are named once for every kind, so they are not offered. */
const ACTIONS = Object.keys(ENUM_LABELS.auditAction).filter((code) => !code.startsWith('registry.record.'));
const ENTITY_TYPES = Object.keys(ENUM_LABELS.auditEntity);

/** An action or a kind of record by its name from the one dictionary; a code it does not know shows itself. */
function auditWord(group: 'auditAction' | 'auditEntity', code: string, t: (key: MessageKey) => string): string {
  const key = group === 'auditAction' ? auditActionKey(code) : code;
  return key in ENUM_LABELS[group] ? t(`enum.${group}.${key}` as MessageKey) : code;
}

/** The screen of the record an entry is about, where it has one. */
const ENTITY_PATHS: Partial<Record<string, (id: string) => string>> = {
  task: recordPath.task,
  progress_report: recordPath.report,
  supervision: recordPath.supervision,
  meeting: recordPath.meeting,
  plan_version: recordPath.planVersion,
  inspection_plan: recordPath.inspectionPlan,
  water_section: recordPath.waterSection,
};

/** An entry's action by its name; the recorded code in the tooltip. */
function ActionName({ code }: { code: string }) {
  const { t } = useI18n();
  return (
    <Tooltip title={code}>
      <span>{auditWord('auditAction', code, t)}</span>
    </Tooltip>
  );
}

export function AuditPage() {
  return (
    <AdminSectionGuard path="audit">
      <Audit />
    </AdminSectionGuard>
  );
}

/** A calendar day picked in the browser, as the instant its local day starts or ends. */
function dayBoundary(day: Dayjs | null | undefined, end: boolean): string | undefined {
  if (!day) return undefined;
  return (end ? day.endOf('day') : day.startOf('day')).toISOString();
}

/** The entry's actor by the name people know them by; the username it was recorded with in the tooltip. */
function ActorName({ entry }: { entry: Entry }) {
  if (!entry.actorDisplayName || entry.actorDisplayName === entry.actorName) return <span>{entry.actorName}</span>;
  return (
    <Tooltip title={entry.actorName}>
      <span>{entry.actorDisplayName}</span>
    </Tooltip>
  );
}

function Audit() {
  const { lang, t } = useI18n();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState<string | undefined>();
  const [entityType, setEntityType] = useState<string | undefined>();
  const [actorId, setActorId] = useState<string | undefined>();
  const [actorSearch, setActorSearch] = useState('');
  const [days, setDays] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [open, setOpen] = useState<Entry | null>(null);

  const entries = useApi(
    () =>
      call(
        client.GET('/api/v1/audit', {
          params: {
            query: {
              page,
              pageSize: PAGE_SIZE,
              action: action as Query['action'],
              entityType: entityType as Query['entityType'],
              actorId,
              from: dayBoundary(days?.[0], false),
              to: dayBoundary(days?.[1], true),
            },
          },
        }),
      ),
    [page, action, entityType, actorId, days],
    { live: 'pair' },
  );
  const actors = useApi(
    async () => (await call(client.GET('/api/v1/users', { params: { query: { q: actorSearch || undefined, pageSize: 20 } } }))).items,
    [actorSearch],
  );
  const filtered =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPage(1);
    };

  return (
    <div>
      <ChainCheckPanel />
      <FilterBar
        active={[action, entityType, actorId, days?.[0] ?? undefined, days?.[1] ?? undefined].filter((value) => value !== undefined && value !== null).length}
      >
        <Form layout="inline" name="audit-filters" style={{ rowGap: 8, marginBottom: 16 }}>
          <Form.Item label={t('admin.audit.filterAction')} htmlFor="audit-action">
            <Select<string>
              id="audit-action"
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('admin.all')}
              value={action}
              onChange={filtered(setAction)}
              options={ACTIONS.map((a) => ({ value: a, label: auditWord('auditAction', a, t) }))}
              style={{ width: 180 }}
              popupMatchSelectWidth={240}
            />
          </Form.Item>
          <Form.Item label={t('admin.audit.filterEntity')} htmlFor="audit-entity">
            <Select<string>
              id="audit-entity"
              allowClear
              placeholder={t('admin.all')}
              value={entityType}
              onChange={filtered(setEntityType)}
              options={ENTITY_TYPES.map((e) => ({ value: e, label: auditWord('auditEntity', e, t) }))}
              style={{ width: 130 }}
            />
          </Form.Item>
          <Form.Item label={t('admin.audit.filterActor')} htmlFor="audit-actor">
            <Select<string>
              id="audit-actor"
              allowClear
              showSearch
              filterOption={false}
              onSearch={setActorSearch}
              loading={actors.loading}
              placeholder={t('admin.all')}
              value={actorId}
              onChange={filtered(setActorId)}
              options={(actors.data ?? []).map((u) => ({ value: u.id, label: t('admin.nameWithCode', { name: u.displayName, code: u.username }) }))}
              style={{ width: 190 }}
              popupMatchSelectWidth={260}
            />
          </Form.Item>
          <Form.Item label={t('admin.audit.days')} htmlFor="audit-days">
            {/* antd's range picker in the app's locale (zh_CN), like every other date on the platform. */}
            <DatePicker.RangePicker
              id="audit-days"
              allowEmpty={[true, true]}
              value={days}
              onChange={(value) => filtered(setDays)(value)}
              style={{ width: 260 }}
            />
          </Form.Item>
        </Form>
      </FilterBar>
      {entries.error ? <ErrorAlert error={entries.error} onRetry={entries.reload} /> : null}
      <DataTable<Entry>
        rowKey="id"
        size="middle"
        loading={entries.loading}
        dataSource={entries.data?.items ?? []}
        locale={{ emptyText: t('admin.audit.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: entries.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total: formatNumber(total) }),
          onChange: setPage,
        }}
        columns={[
          { title: t('admin.audit.colId'), dataIndex: 'id', width: 70 },
          { title: t('admin.audit.colAt'), dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at, lang) },
          { title: t('admin.audit.colActor'), key: 'actor', width: 140, render: (_, entry) => <ActorName entry={entry} /> },
          {
            title: t('admin.audit.colAction'),
            dataIndex: 'action',
            render: (code: string) => <ActionName code={code} />,
          },
          { title: t('admin.audit.colEntity'), dataIndex: 'entityType', width: 110, render: (code: string) => auditWord('auditEntity', code, t) },
          { title: t('admin.audit.colIp'), dataIndex: 'ip', width: 120, render: (ip: string | null) => ip ?? '—' },
          {
            title: t('admin.actions'),
            key: 'open',
            width: 80,
            render: (_, entry) => (
              <Button type="link" size="small" onClick={() => setOpen(entry)} aria-label={t('admin.audit.openLabel', { id: entry.id })}>
                {t('admin.audit.open')}
              </Button>
            ),
          },
        ]}
      />
      {open ? <EntryDetail entry={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

function ChainCheckPanel() {
  const { t } = useI18n();
  const session = useCurrentSession();
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<ChainCheck | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // The chain spans every pair, so the server lets only a deployment-wide administrator check it.
  const canVerify = session.grants.some((g) => g.role === 'system_admin' && g.pairId === null);

  async function verify() {
    setChecking(true);
    setError(null);
    setResult(null);
    try {
      setResult(await call(client.GET('/api/v1/audit/verify')));
    } catch (cause) {
      setError(asApiError(cause));
    } finally {
      setChecking(false);
    }
  }

  return (
    <section aria-label={t('admin.audit.chainTitle')} style={{ marginBottom: 16 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <Button icon={<SafetyCertificateOutlined aria-hidden />} onClick={() => void verify()} loading={checking} disabled={!canVerify}>
          {t('admin.audit.verify')}
        </Button>
        <Typography.Text type="secondary">{canVerify ? t('admin.audit.verifyHint') : t('admin.audit.verifyOnlySystem')}</Typography.Text>
      </div>
      <div role="status" aria-live="polite" style={{ marginTop: result || error ? 12 : 0 }}>
        {error ? <ErrorAlert error={error} /> : null}
        {result?.ok ? (
          <Alert
            type="success"
            showIcon
            icon={<CheckCircleFilled aria-hidden />}
            data-testid="chain-result"
            message={t('admin.audit.chainOk', { count: formatNumber(result.checked) })}
          />
        ) : null}
        {result && !result.ok ? (
          <Alert
            type="error"
            showIcon
            icon={<CloseCircleFilled aria-hidden />}
            data-testid="chain-result"
            message={result.firstBrokenId === null ? t('admin.audit.chainFailed') : t('admin.audit.chainBroken', { id: result.firstBrokenId })}
            description={`${t(`admin.audit.reason.${result.reason ?? 'chain_broken'}`)} ${
              result.head && result.firstBrokenId === null
                ? t('admin.audit.chainCounted', { count: formatNumber(result.checked), head: formatNumber(result.head.entries) })
                : t('admin.audit.chainChecked', { count: formatNumber(result.checked) })
            }`}
          />
        ) : null}
      </div>
    </section>
  );
}

type Change = 'changed' | 'added' | 'removed' | 'same';

interface FieldRow {
  field: string;
  before: unknown;
  after: unknown;
  change: Change;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The fields of before and after, side by side, each marked with how it changed. */
function fieldRows(before: unknown, after: unknown): FieldRow[] {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && !a) {
    if (before == null && after == null) return [];
    return [{ field: '—', before, after, change: JSON.stringify(before) === JSON.stringify(after) ? 'same' : 'changed' }];
  }
  const fields = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return fields.map((field) => {
    const inBefore = b !== null && field in b;
    const inAfter = a !== null && field in a;
    const change: Change = !inBefore ? 'added' : !inAfter ? 'removed' : JSON.stringify(b[field]) === JSON.stringify(a[field]) ? 'same' : 'changed';
    return { field, before: b?.[field], after: a?.[field], change };
  });
}

/** The enum a field of a record holds, by record type and field: its values are shown by their words. */
const ENUM_FIELDS: Partial<Record<string, Partial<Record<string, EnumGroup>>>> = {
  user: { status: 'userStatus' },
  unit: { type: 'unitType' },
  task: { status: 'taskStatus', light: 'light' },
  progress_report: { status: 'reportStatus' },
  supervision: { status: 'supervisionStatus' },
  meeting: { status: 'meetingStatus' },
  plan_version: { status: 'planVersionStatus' },
  inspection_plan: { status: 'inspectionPlanStatus' },
  inspection: { status: 'inspectionStatus', outcome: 'inspectionOutcome' },
};

function Value({ value, group }: { value: unknown; group?: EnumGroup | undefined }) {
  const { t } = useI18n();
  if (value === undefined || value === null || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
  if (group && typeof value === 'string' && value in ENUM_LABELS[group])
    // The word, as every other screen says it; the stored value in the tooltip.
    return (
      <Tooltip title={value}>
        <span>{t(`enum.${group}.${value}` as MessageKey)}</span>
      </Tooltip>
    );
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return <span style={{ wordBreak: 'break-all' }}>{String(value)}</span>;
  return <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>{JSON.stringify(value, null, 1)}</pre>;
}

const CHANGE_TAG: Record<Exclude<Change, 'same'>, { icon: ReactNode; color: string; label: MessageKey }> = {
  changed: { icon: <EditOutlined aria-hidden />, color: 'warning', label: 'admin.audit.changed' },
  added: { icon: <PlusCircleOutlined aria-hidden />, color: 'success', label: 'admin.audit.added' },
  removed: { icon: <MinusCircleOutlined aria-hidden />, color: 'error', label: 'admin.audit.removed' },
};

function EntryDetail({ entry, onClose }: { entry: Entry; onClose(): void }) {
  const { lang, t } = useI18n();
  const rows = fieldRows(entry.before, entry.after);
  const changedCount = rows.filter((r) => r.change !== 'same').length;
  // An edit is read for what it changed; a creation is read whole.
  const [onlyChanged, setOnlyChanged] = useState(changedCount > 0 && asRecord(entry.before) !== null && asRecord(entry.after) !== null);
  const shownRows = onlyChanged ? rows.filter((r) => r.change !== 'same') : rows;
  const label = { label: { whiteSpace: 'nowrap' as const, width: 110 } };
  return (
    <Drawer open title={t('admin.audit.detailTitle', { id: entry.id })} width={820} onClose={onClose} destroyOnHidden>
      <Descriptions
        bordered
        size="small"
        column={2}
        styles={label}
        items={[
          { key: 'at', label: t('admin.audit.colAt'), children: formatDateTime(entry.at, lang) },
          { key: 'actor', label: t('admin.audit.colActor'), children: <ActorName entry={entry} /> },
          {
            key: 'action',
            label: t('admin.audit.colAction'),
            children: <ActionName code={entry.action} />,
          },
          { key: 'entity', label: t('admin.audit.colEntity'), children: auditWord('auditEntity', entry.entityType, t) },
          {
            key: 'entityId',
            label: t('admin.audit.entityId'),
            children: entry.entityId ? (
              ENTITY_PATHS[entry.entityType] ? (
                <Link to={ENTITY_PATHS[entry.entityType]!(entry.entityId)}>{t('admin.audit.openEntity')}</Link>
              ) : (
                entry.entityId
              )
            ) : (
              '—'
            ),
          },
          { key: 'ip', label: t('admin.audit.colIp'), children: entry.ip ?? '—' },
        ]}
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12, margin: '20px 0 8px' }}>
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          {t('admin.audit.changes')}
        </Typography.Title>
        {rows.length > 0 ? (
          <Space size={12}>
            <Typography.Text data-testid="changed-count">{t('admin.audit.changedCount', { count: changedCount })}</Typography.Text>
            <Checkbox checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)}>
              {t('admin.audit.onlyChanged')}
            </Checkbox>
          </Space>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t('admin.audit.noChanges')}</Typography.Text>
      ) : (
        <DataTable<FieldRow>
          rowKey="field"
          size="small"
          pagination={false}
          dataSource={shownRows}
          data-testid="audit-diff"
          onRow={(row) => (row.change === 'same' ? {} : { style: { background: '#fffbe6' } })}
          columns={[
            {
              title: t('admin.audit.field'),
              dataIndex: 'field',
              width: 190,
              render: (field: string, row) => (
                <Space size={4} wrap>
                  <Typography.Text strong={row.change !== 'same'}>{field}</Typography.Text>
                  {row.change === 'same' ? null : (
                    <Tag icon={CHANGE_TAG[row.change].icon} color={CHANGE_TAG[row.change].color}>
                      {t(CHANGE_TAG[row.change].label)}
                    </Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('admin.audit.before'),
              key: 'before',
              render: (_, row) => <Value value={row.before} group={ENUM_FIELDS[entry.entityType]?.[row.field]} />,
            },
            { title: t('admin.audit.after'), key: 'after', render: (_, row) => <Value value={row.after} group={ENUM_FIELDS[entry.entityType]?.[row.field]} /> },
          ]}
        />
      )}
      <Typography.Title level={3} style={{ fontSize: 16, margin: '20px 0 8px' }}>
        {t('admin.audit.integrity')}
      </Typography.Title>
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={label}
        items={[
          {
            key: 'hash',
            label: t('admin.audit.hash'),
            children: (
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {entry.hash}
              </Typography.Text>
            ),
          },
          {
            key: 'prev',
            label: t('admin.audit.prevHash'),
            children: (
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {entry.prevHash}
              </Typography.Text>
            ),
          },
          { key: 'ua', label: t('admin.audit.userAgent'), children: <span style={{ wordBreak: 'break-all' }}>{entry.userAgent ?? '—'}</span> },
        ]}
      />
    </Drawer>
  );
}
