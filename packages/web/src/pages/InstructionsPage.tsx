import { PlusOutlined } from '@ant-design/icons';
import { Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FilterBar } from '../components/FilterBar.js';
import { Forbidden } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { recordPath } from '../components/recordPaths.js';
import { Select } from '../components/Select.js';
import { useApi } from '../components/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { InstructionFormDrawer } from './instructions/InstructionForm.js';
import { type InstructionListItem, readsInstructionList } from './instructions/shared.js';
import { PAGE_SIZE, useQueryFilters } from './reports/common.js';

/** 领导批示: the leaders' instructions the office recorded, each with the supervision items raised from it. */
export function InstructionsPage() {
  const session = useCurrentSession();
  const { pair } = useShell();
  return hasAnyPermission(session, ['supervision.read']) && readsInstructionList(session, pair ?? null) ? <Instructions /> : <Forbidden />;
}

function Instructions() {
  const { lang, t } = useI18n();
  const session = useCurrentSession();
  const navigate = useNavigate();
  const { pair } = useShell();
  const pairId = pair?.id;
  const canCreate = hasAnyPermission(session, ['supervision.write']);
  const { values, page, setFilter, setPage } = useQueryFilters(['q', 'city'] as const);
  const [creating, setCreating] = useState(false);
  const list = useApi(
    () =>
      call(
        client.GET('/api/v1/instructions', {
          params: { query: { pairId, cityId: values.city, q: values.q, page, pageSize: PAGE_SIZE } },
        }),
      ),
    [pairId, values.city, values.q, page],
    { live: 'pair' },
  );
  const filtered = values.q !== undefined || values.city !== undefined;

  return (
    <div>
      <PageTitle
        back={{ to: '/supervision', label: t('instructions.back') }}
        extra={
          canCreate ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              {t('instructions.create')}
            </Button>
          ) : null
        }
      >
        {t('instructions.title')}
      </PageTitle>
      <Card>
        <FilterBar active={[values.q, values.city].filter((value) => value !== undefined).length}>
          <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} name="instruction-filters">
            <Form.Item label={t('instructions.search')} htmlFor="instruction-q">
              <Input.Search
                id="instruction-q"
                allowClear
                defaultValue={values.q}
                placeholder={t('instructions.searchPlaceholder')}
                onSearch={(value) => setFilter('q', value.trim() || undefined)}
                style={{ width: 240 }}
              />
            </Form.Item>
            <Form.Item label={t('instructions.city')} htmlFor="instruction-city">
              <Select<string>
                id="instruction-city"
                allowClear
                placeholder={t('instructions.all')}
                value={values.city}
                onChange={(v) => setFilter('city', v)}
                options={(pair?.cities ?? []).map((c) => ({ value: c.id, label: c.name }))}
                style={{ width: 140 }}
              />
            </Form.Item>
          </Form>
        </FilterBar>
        {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
        <DataTable<InstructionListItem>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: filtered ? t('instructions.noMatch') : t('instructions.empty') }}
          data-testid="instructions-table"
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('table.total', { total: formatNumber(total) }),
            onChange: setPage,
          }}
          columns={[
            { title: t('instructions.colDate'), dataIndex: 'instructedOn', width: 150, render: (d: string) => formatDate(d, lang) },
            {
              title: t('instructions.colLeader'),
              key: 'leader',
              width: 160,
              render: (_, row) => (
                <Link to={recordPath.instruction(row.id)}>
                  {row.leaderName}（{row.cityName}）
                </Link>
              ),
            },
            {
              title: t('instructions.colContent'),
              dataIndex: 'content',
              render: (text: string) => (
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                  {text}
                </Typography.Paragraph>
              ),
            },
            { title: t('instructions.colDocument'), dataIndex: 'documentTitle', width: 220, ellipsis: true, render: (d: string | null) => d ?? '—' },
            {
              title: t('instructions.colItems'),
              key: 'items',
              width: 150,
              render: (_, row) => t('instructions.itemCount', { count: row.itemCount, open: row.openItemCount }),
            },
          ]}
        />
      </Card>
      {canCreate ? (
        <InstructionFormDrawer
          open={creating}
          instruction={null}
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            navigate(recordPath.instruction(id));
          }}
        />
      ) : null}
    </div>
  );
}
