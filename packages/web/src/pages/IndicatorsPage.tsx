import { Alert, App as AntApp, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { formatDecimal } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { asApiError } from './admin/shared.js';
import { RollupEditor } from './registries/RollupEditor.js';
import { labelOf, useRegistryKinds } from './registries/shared.js';

type Rollup = Schemas['Rollup'];

export function IndicatorsPage() {
  return (
    <RequirePermission any={['registries.read']}>
      <Indicators />
    </RequirePermission>
  );
}

/** The value with its unit, the one place the unit is shown (`120 人次`). */
function withUnit(value: string, unit: string): string {
  return unit ? `${value} ${unit}` : value;
}

/** A name that spells its unit (`产业合作园区（个）`) loses it: the unit stands beside the value. */
function nameWithoutUnit(name: string, unit: string): string {
  if (!unit) return name;
  for (const suffix of [`（${unit}）`, `(${unit})`]) if (name.endsWith(suffix) && name.length > suffix.length) return name.slice(0, -suffix.length);
  return name;
}

/** The indicators that add themselves up from the registries: this year's value (or all time) and last year's. */
function Indicators() {
  const { lang, t } = useI18n();
  const { pair, pairsLoading } = useShell();
  const pairId = pair?.id;
  const kinds = useRegistryKinds(pairId);
  const list = useApi(async () => (pairId ? call(client.GET('/api/v1/rollups', { params: { query: { pairId } } })) : null), [pairId], { live: 'pair' });
  const canConfigure = hasAnyPermission(useCurrentSession(), ['registries.configure']);
  const { message, modal } = AntApp.useApp();
  // The indicator being edited; 'new' for a new one.
  const [editing, setEditing] = useState<Rollup | 'new' | null>(null);
  if (!pairsLoading && !pair) return <Alert type="info" showIcon message={t('registries.noPair')} />;
  const confirmDelete = (rollup: Rollup) =>
    modal.confirm({
      title: t('indicators.delete.confirmTitle', { name: rollup.name }),
      content: t('indicators.delete.confirm'),
      okText: t('indicators.delete.ok'),
      okButtonProps: { danger: true },
      cancelText: t('indicators.delete.cancel'),
      onOk: async () => {
        try {
          await call(client.DELETE('/api/v1/rollups/{id}', { params: { path: { id: rollup.id } } }));
          message.success(t('indicators.delete.done'));
          list.reload();
        } catch (cause) {
          message.error(asApiError(cause).text(lang));
        }
      },
    });
  const kindLabel = (type: string) => {
    const kind = kinds.data?.find((k) => k.type === type);
    return kind ? <Link to={`/registries/${type}`}>{labelOf(kind.label, lang)}</Link> : type;
  };
  return (
    <div>
      <PageTitle
        extra={
          canConfigure && pairId && kinds.data ? (
            <Button type="primary" onClick={() => setEditing('new')}>
              {t('indicators.add')}
            </Button>
          ) : null
        }
      >
        {t('indicators.title')}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t('indicators.hint')}</Typography.Paragraph>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Card>
        <DataTable<Rollup>
          rowKey="id"
          data-testid="indicators-table"
          loading={list.loading || pairsLoading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('indicators.empty') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('indicators.colName'), key: 'name', render: (_, r) => nameWithoutUnit(r.name, r.unitOfMeasure) },
            {
              title: t('indicators.colArticle'),
              dataIndex: 'articleNo',
              width: 100,
              render: (no: string | null) => (no ? t('registries.articleNo', { no }) : '—'),
            },
            { title: t('indicators.colSource'), dataIndex: 'registryType', width: 160, render: kindLabel },
            {
              // What the figure counts over, said once per row: a year's or all time's.
              title: t('indicators.colBasis'),
              key: 'basis',
              width: 110,
              render: (_, r) => (
                <span data-testid="indicator-basis">{r.year === null ? t('indicators.allTime') : t('indicators.yearValue', { year: r.year })}</span>
              ),
            },
            {
              title: t('indicators.colValue'),
              key: 'value',
              width: 150,
              align: 'right',
              render: (_, r) => <span data-testid="indicator-value">{withUnit(formatDecimal(r.value, 4), r.unitOfMeasure)}</span>,
            },
            {
              title: t('indicators.colPrevious'),
              key: 'previous',
              width: 130,
              align: 'right',
              render: (_, r) => (r.year === null || r.previousValue === null ? '—' : withUnit(formatDecimal(r.previousValue, 4), r.unitOfMeasure)),
            },
            ...(canConfigure
              ? [
                  {
                    title: t('indicators.colActions'),
                    key: 'actions',
                    width: 140,
                    render: (_: unknown, r: Rollup) => (
                      <Space size={4}>
                        <Button type="link" size="small" aria-label={t('indicators.editOf', { name: r.name })} onClick={() => setEditing(r)}>
                          {t('indicators.edit.action')}
                        </Button>
                        <Button type="link" size="small" danger aria-label={t('indicators.deleteOf', { name: r.name })} onClick={() => confirmDelete(r)}>
                          {t('indicators.delete.action')}
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing && pairId && kinds.data ? (
        <RollupEditor
          pairId={pairId}
          kinds={kinds.data}
          rollup={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      ) : null}
    </div>
  );
}
