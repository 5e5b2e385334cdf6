import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, DatePicker, Form, Input, Segmented, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FilterBar } from '../components/FilterBar.js';
import { downloadFile } from '../components/files.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { Select } from '../components/Select.js';
import { UnitSelect, usePairUnits } from '../components/UnitPicker.js';
import { useApi } from '../components/useApi.js';
import { formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { RegistryMap } from './registries/RegistryMap.js';
import {
  FieldValue,
  fieldsOf,
  LocationSelect,
  labelOf,
  listSeparator,
  RecordSelect,
  type RegistryField,
  type RegistryKind,
  type RegistryRecord,
  type RegistryTypeName,
  useKindOf,
} from './registries/shared.js';

const PAGE_SIZE = 20;
/** Address parameters that are not filters of the list: the page, and the map view (`view=map`). */
const NOT_FILTERS = new Set(['page', 'view']);

export function RegistryListPage() {
  return (
    <RequirePermission any={['registries.read']}>
      <RegistryListLoader />
    </RequirePermission>
  );
}

function RegistryListLoader() {
  const { type } = useParams();
  const { t } = useI18n();
  const { pair, pairsLoading } = useShell();
  const { kinds, kind } = useKindOf(type, pair?.id);
  if (!pairsLoading && !pair) return <Alert type="info" showIcon message={t('registries.noPair')} />;
  if (kinds.error) return <ErrorAlert error={kinds.error} onRetry={kinds.reload} />;
  if (pairsLoading || kinds.loading || !kinds.data) return <PageLoading />;
  if (!kind) return <NotFound />;
  return <RegistryList key={kind.type} kind={kind} pairId={pair!.id} />;
}

/** The address parameter a filter field sets: the list's named filters where there is one, else `field.<key>`. */
function paramOf(kind: RegistryKind, field: RegistryField): string {
  if (field.type.kind === 'adminCode' && field.key === kind.locationField) return 'locationCode';
  return `field.${field.key}`;
}

function RegistryList({ kind, pairId }: { kind: RegistryKind; pairId: string }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const session = useCurrentSession();
  const navigate = useNavigate();
  const { pair } = useShell();
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const canWrite = hasAnyPermission(session, ['registries.write']);
  const filterFields = kind.fields.filter((f) => f.filter);
  const showsMap = kind.locationField !== null && params.get('view') === 'map';
  const needsUnits = showsMap || filterFields.some((f) => ['unit', 'units', 'adminCode'].includes(f.type.kind));
  const units = usePairUnits(needsUnits ? pairId : undefined);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);

  // The address holds the list's query (without the pair), so a filtered page can be reloaded or shared.
  const filters: Record<string, string> = {};
  for (const [name, value] of params) if (!NOT_FILTERS.has(name) && value) filters[name] = value;
  const filterKey = JSON.stringify(filters);
  const path = { type: kind.type as RegistryTypeName };

  const list = useApi(
    async () =>
      showsMap
        ? undefined
        : call(
            client.GET('/api/v1/registries/{type}/records', {
              params: { path, query: { ...filters, pairId, page, pageSize: PAGE_SIZE } },
            }),
          ),
    [kind.type, pairId, page, filterKey, showsMap],
    { live: 'pair' },
  );

  function setView(view: 'list' | 'map') {
    const next = new URLSearchParams(params);
    if (view === 'map') next.set('view', 'map');
    else next.delete('view');
    next.delete('page');
    setParams(next);
  }

  function setFilter(name: string, value: string | null | undefined) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('page');
    setParams(next, { replace: true });
  }

  async function exportRecords() {
    setExporting(true);
    try {
      const name = await downloadFile(
        client.GET('/api/v1/registries/{type}/export.xlsx', { params: { path, query: { ...filters, pairId } }, parseAs: 'blob' }),
        `${kind.type}.xlsx`,
      );
      message.success(t('registries.list.exported', { name }));
    } catch (cause) {
      message.error((cause instanceof ApiError ? cause : ApiError.network()).text(lang));
    } finally {
      setExporting(false);
    }
  }

  const filterControl = (field: RegistryField): ReactNode => {
    const label = labelOf(field.label, lang);
    const id = `registry-filter-${field.key}`;
    const name = paramOf(kind, field);
    const value = params.get(name) ?? undefined;
    const common = { id, allowClear: true, placeholder: t('registries.list.all'), style: { width: 180 } };
    switch (field.type.kind) {
      case 'option':
      case 'options':
        return (
          <Form.Item key={field.key} label={label} htmlFor={id}>
            <Select
              {...common}
              value={value}
              onChange={(next: string | undefined) => setFilter(name, next)}
              options={(field.options ?? []).map((o) => ({ value: o.value, label: labelOf(o, lang) }))}
            />
          </Form.Item>
        );
      case 'city':
        return (
          <Form.Item key={field.key} label={label} htmlFor={id}>
            <Select
              {...common}
              style={{ width: 120 }}
              value={value}
              onChange={(next: string | undefined) => setFilter(name, next)}
              options={(pair?.cities ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        );
      case 'unit':
      case 'units':
        return (
          <Form.Item key={field.key} label={label} htmlFor={id}>
            <UnitSelect {...common} units={units.data ?? []} pair={pair} loading={units.loading} value={value} onChange={(next) => setFilter(name, next)} />
          </Form.Item>
        );
      case 'adminCode':
        return (
          <Form.Item key={field.key} label={label} htmlFor={id}>
            <LocationSelect {...common} units={units.data ?? []} pair={pair} value={value} onChange={(next) => setFilter(name, next)} />
          </Form.Item>
        );
      case 'record':
        return (
          <Form.Item key={field.key} label={label} htmlFor={id}>
            <RecordSelect {...common} type={field.type.type ?? ''} pairId={pairId} value={value} onChange={(next) => setFilter(name, next)} />
          </Form.Item>
        );
      case 'date':
        // Dates filter on the kind's date (the one that places a record in a year).
        if (field.key !== kind.dateField) return null;
        return (
          <Space key={field.key} size={0} wrap>
            {(['from', 'to'] as const).map((end) => (
              <Form.Item key={end} label={t(`registries.list.${end}`, { field: label })} htmlFor={`${id}-${end}`}>
                <DatePicker
                  id={`${id}-${end}`}
                  style={{ width: 150 }}
                  value={params.get(end) ? dayjs(params.get(end)) : null}
                  onChange={(day) => setFilter(end, day?.format('YYYY-MM-DD'))}
                />
              </Form.Item>
            ))}
          </Space>
        );
      default:
        return null;
    }
  };

  const columns = fieldsOf(kind)
    .filter((f) => f.column)
    .map((field) => ({
      key: field.key,
      title: labelOf(field.label, lang),
      render: (_: unknown, record: RegistryRecord) =>
        field.key === kind.titleField ? (
          <Link to={`/registries/${kind.type}/${record.id}`}>{record.title}</Link>
        ) : (
          <FieldValue field={field} record={record} pair={pair} lang={lang} />
        ),
    }));

  return (
    <div>
      <PageTitle
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined aria-hidden />} loading={exporting} onClick={() => void exportRecords()}>
              {t('registries.list.export')}
            </Button>
            {canWrite ? (
              <>
                <Button icon={<UploadOutlined aria-hidden />} onClick={() => navigate(`/registries/${kind.type}/import`)}>
                  {t('registries.list.import')}
                </Button>
                <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate(`/registries/${kind.type}/new`)}>
                  {t('registries.list.create', { record: labelOf(kind.recordName, lang) })}
                </Button>
              </>
            ) : null}
          </Space>
        }
      >
        {labelOf(kind.label, lang)}
      </PageTitle>
      <Typography.Paragraph type="secondary">
        {t('registries.articles', { list: kind.articles.map((no) => t('registries.articleNo', { no })).join(listSeparator(lang)) })}
      </Typography.Paragraph>
      <Card>
        {kind.locationField ? (
          <Segmented<'list' | 'map'>
            aria-label={t('registries.list.view')}
            style={{ marginBottom: 16 }}
            value={showsMap ? 'map' : 'list'}
            onChange={setView}
            options={[
              { value: 'list', label: t('registries.list.viewList') },
              { value: 'map', label: t('registries.list.viewMap') },
            ]}
          />
        ) : null}
        <FilterBar active={Object.keys(filters).length}>
          <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} name="registry-filters">
            <Form.Item label={t('registries.list.search')} htmlFor="registry-q">
              <Input.Search
                id="registry-q"
                // A new box when the address's search changes (cleared filters, back and forward), showing what is searched.
                key={params.get('q') ?? ''}
                allowClear
                defaultValue={params.get('q') ?? ''}
                placeholder={t('registries.list.searchPlaceholder')}
                onSearch={(text) => setFilter('q', text.trim())}
                style={{ width: 200 }}
              />
            </Form.Item>
            {filterFields.map(filterControl)}
            {Object.keys(filters).length > 0 ? (
              <Form.Item>
                <Button onClick={() => setParams(new URLSearchParams(), { replace: true })}>{t('registries.list.reset')}</Button>
              </Form.Item>
            ) : null}
          </Form>
        </FilterBar>
        {showsMap ? (
          units.error ? (
            <ErrorAlert error={units.error} onRetry={units.reload} />
          ) : units.loading || !units.data || !pair ? (
            <PageLoading />
          ) : (
            <RegistryMap kind={kind} pair={pair} units={units.data} filters={filters} />
          )
        ) : null}
        {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
        {showsMap ? null : (
          <DataTable<RegistryRecord>
            rowKey="id"
            data-testid="registry-table"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t('registries.list.empty') }}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('table.total', { total: formatNumber(total) }),
              onChange: (next) => {
                const nextParams = new URLSearchParams(params);
                nextParams.set('page', String(next));
                setParams(nextParams);
              },
            }}
            columns={columns}
          />
        )}
      </Card>
    </div>
  );
}
