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
            { title: t('indicators.colName'), dataIndex: 'name' },
            {
              title: t('indicators.colArticle'),
              dataIndex: 'articleNo',
              width: 100,
              render: (no: string | null) => (no ? t('registries.articleNo', { no }) : '—'),
            },
            { title: t('indicators.colSource'), dataIndex: 'registryType', width: 160, render: kindLabel },
            {
              title: t('indicators.colValue'),
              key: 'value',
              width: 140,
              align: 'right',
              render: (_, r) => (
                <span data-testid="indicator-value">
                  {formatDecimal(r.value, 4)}
                  {r.year === null ? (
                    <Typography.Text type="secondary">（{t('indicators.allTime')}）</Typography.Text>
                  ) : (
                    <Typography.Text type="secondary">（{t('indicators.yearValue', { year: r.year })}）</Typography.Text>
                  )}
                </span>
              ),
            },
            {
              title: t('indicators.colPrevious'),
              key: 'previous',
              width: 120,
              align: 'right',
              render: (_, r) => (r.previousValue === null ? '—' : formatDecimal(r.previousValue, 4)),
            },
            { title: t('indicators.colUnit'), dataIndex: 'unitOfMeasure', width: 100 },
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
