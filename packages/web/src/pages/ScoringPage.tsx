import { DownloadOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, Checkbox, Descriptions, Empty, Form, Input, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { showFieldErrors } from '../components/fieldErrors.js';
import { downloadFile } from '../components/files.js';
import { NumberInput } from '../components/NumberInput.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { Select } from '../components/Select.js';
import { useApi } from '../components/useApi.js';
import { formatDate } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { chinaToday } from './reports/common.js';
import { useYear, YearSelect } from './water/shared.js';

type RuleSet = Schemas['ScoringRuleSet'];
type UnitScore = Schemas['UnitScore'];
type Entry = Schemas['ScoreEntry'];

const RULE_KEYS = [
  'report_on_time',
  'report_late',
  'supervision_closed_on_time',
  'supervision_closed_late',
  'supervision_overdue',
  'supervision_extension',
  'supervision_chased',
  'task_completed',
] as const;
type RuleKey = (typeof RULE_KEYS)[number];

/** What a city starts from when its office sets the year's rules for the first time (the domain's defaults). */
const DEFAULT_RULES: Pick<RuleSet, 'base' | 'categories' | 'rules'> = {
  base: 100,
  categories: [
    { key: 'report', name: '进展报送', gainCap: 5, lossCap: 10 },
    { key: 'supervision', name: '督办落实', gainCap: 10, lossCap: 20 },
    { key: 'task', name: '任务完成', gainCap: 10, lossCap: null },
  ],
  rules: [
    { key: 'report_on_time', category: 'report', points: 0.5 },
    { key: 'report_late', category: 'report', points: -1 },
    { key: 'supervision_closed_on_time', category: 'supervision', points: 1 },
    { key: 'supervision_closed_late', category: 'supervision', points: -0.5 },
    { key: 'supervision_overdue', category: 'supervision', points: -2 },
    { key: 'supervision_extension', category: 'supervision', points: -0.5 },
    { key: 'supervision_chased', category: 'supervision', points: -1 },
    { key: 'task_completed', category: 'task', points: 2 },
  ],
};

/** Points as people write them: 87.5, −2, 0. */
const points = (text: string) => {
  const n = Number(text);
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(2)));
};
const signed = (text: string) => (Number(text) > 0 ? `+${points(text)}` : points(text));

export function ScoringPage() {
  return (
    <RequirePermission any={['supervision.read']}>
      <Scoring />
    </RequirePermission>
  );
}

function Scoring() {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const session = useCurrentSession();
  const { pair } = useShell();
  const pairId = pair?.id;
  const [params, setParams] = useSearchParams();
  // Scores accrue as the year goes: the page opens on this year (China time), January included.
  const [year, setYear] = useYear(() => Number(chinaToday().slice(0, 4)));
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (name: string, value: string | undefined) =>
    setParams(
      (current) => {
        if (value === undefined) current.delete(name);
        else current.set(name, value);
        return current;
      },
      { replace: true },
    );

  // The city shown: chosen, else the caller's own (its city grant, or its unit's city), else the pair's first.
  const ownUnit = useApi(
    async () => (session.user.unitId ? await call(client.GET('/api/v1/units/{id}', { params: { path: { id: session.user.unitId } } })) : null),
    [session.user.unitId],
  );
  const cities = pair?.cities ?? [];
  const grantCity = session.grants.find((g) => g.cityId && cities.some((c) => c.id === g.cityId))?.cityId;
  const unitCity = cities.some((c) => c.id === ownUnit.data?.cityId) ? ownUnit.data?.cityId : undefined;
  const cityId = params.get('city') ?? grantCity ?? unitCity ?? cities[0]?.id;
  const city = cities.find((c) => c.id === cityId);
  const kind = (['year', 'quarter', 'month'] as const).find((k) => k === params.get('period')) ?? 'year';
  const index = kind === 'year' ? undefined : Math.min(Number(params.get('index')) || 1, kind === 'quarter' ? 4 : 12);

  const sets = useApi(
    async () => (pairId ? await call(client.GET('/api/v1/scoring/rule-sets', { params: { query: { pairId, year } } })) : null),
    [pairId, year],
    { live: 'pair' },
  );
  const ruleSet = sets.data?.items.find((s) => s.cityId === cityId);
  const scores = useApi(
    async () =>
      ruleSet
        ? await call(client.GET('/api/v1/scoring/rule-sets/{id}/scores', { params: { path: { id: ruleSet.id }, query: { period: kind, index } } }))
        : null,
    [ruleSet?.id, ruleSet?.updatedAt, kind, index],
    { live: 'pair' },
  );
  const ranked = scores.data?.ranked ?? false;
  const own = !ranked && scores.data?.items.length === 1 ? scores.data.items[0]!.unitId : undefined;
  const unitId = params.get('unit') ?? own;
  const breakdown = useApi(
    async () =>
      ruleSet && unitId
        ? await call(client.GET('/api/v1/scoring/rule-sets/{id}/breakdown', { params: { path: { id: ruleSet.id }, query: { period: kind, index, unitId } } }))
        : null,
    [ruleSet?.id, ruleSet?.updatedAt, kind, index, unitId],
    { live: 'pair' },
  );

  async function exportScores() {
    if (!ruleSet) return;
    setBusy(true);
    try {
      await downloadFile(
        client.GET('/api/v1/scoring/rule-sets/{id}/scores.xlsx', { params: { path: { id: ruleSet.id }, query: { period: kind, index } }, parseAs: 'blob' }),
        `unit-scores-${year}.xlsx`,
      );
    } catch (cause) {
      message.error((cause instanceof ApiError ? cause : ApiError.network()).text(lang));
    } finally {
      setBusy(false);
    }
  }

  async function rebuild() {
    if (!ruleSet) return;
    setBusy(true);
    try {
      const done = await call(client.POST('/api/v1/scoring/rule-sets/{id}/rebuild', { params: { path: { id: ruleSet.id } } }));
      message.success(t('scoring.rebuilt', { n: done.entries }));
      scores.reload();
      breakdown.reload();
    } catch (cause) {
      message.error((cause instanceof ApiError ? cause : ApiError.network()).text(lang));
    } finally {
      setBusy(false);
    }
  }

  const periodText = scores.data?.period.label ?? '';
  const categories = ruleSet?.categories ?? [];
  const canCreate = session.permissions.includes('supervision.write') && !ruleSet;

  return (
    <div>
      <PageTitle extra={<Link to="/supervision">{t('menu.supervision')}</Link>}>{t('scoring.title')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" name="scoring-filters" style={{ rowGap: 8 }}>
          <Form.Item label={t('scoring.city')} htmlFor="scoring-city">
            <Select<string>
              id="scoring-city"
              value={cityId}
              onChange={(v) => set('city', v)}
              options={cities.map((c) => ({ value: c.id, label: c.name }))}
              style={{ width: 140 }}
            />
          </Form.Item>
          <Form.Item>
            <YearSelect value={year} onChange={setYear} />
          </Form.Item>
          <Form.Item label={t('scoring.period')}>
            <Radio.Group
              value={kind}
              onChange={(e) => {
                set('period', e.target.value === 'year' ? undefined : e.target.value);
                set('index', undefined);
              }}
              optionType="button"
              options={[
                { value: 'year', label: t('scoring.periodYear') },
                { value: 'quarter', label: t('scoring.periodQuarter') },
                { value: 'month', label: t('scoring.periodMonth') },
              ]}
            />
          </Form.Item>
          {kind !== 'year' ? (
            <Form.Item htmlFor="scoring-index" label={kind === 'quarter' ? t('scoring.periodQuarter') : t('scoring.periodMonth')}>
              <Select<number>
                id="scoring-index"
                value={index}
                onChange={(v) => set('index', String(v))}
                options={Array.from({ length: kind === 'quarter' ? 4 : 12 }, (_, i) => ({
                  value: i + 1,
                  label: t(kind === 'quarter' ? 'scoring.quarterN' : 'scoring.monthN', { n: i + 1 }),
                }))}
                style={{ width: 110 }}
              />
            </Form.Item>
          ) : null}
        </Form>
      </Card>
      {sets.error ? <ErrorAlert error={sets.error} onRetry={sets.reload} /> : null}
      {sets.data && !ruleSet ? (
        <Card>
          <Empty description={t('scoring.noRules', { city: city?.name ?? '', year })}>
            {canCreate ? (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing(true)}>
                {t('scoring.createRules')}
              </Button>
            ) : null}
          </Empty>
        </Card>
      ) : null}
      {ruleSet ? <RulesCard ruleSet={ruleSet} onEdit={() => setEditing(true)} onRebuild={rebuild} busy={busy} /> : null}
      {scores.error ? <ErrorAlert error={scores.error} onRetry={scores.reload} /> : null}
      {ruleSet && scores.data ? (
        <Card
          title={ranked ? t('scoring.ranking', { period: periodText }) : t('scoring.ownScore', { period: periodText })}
          style={{ marginBottom: 16 }}
          extra={
            <Button icon={<DownloadOutlined aria-hidden />} onClick={exportScores} disabled={busy}>
              {t('scoring.export')}
            </Button>
          }
        >
          <DataTable<UnitScore>
            rowKey="unitId"
            data-testid="scoring-ranking"
            dataSource={scores.data.items}
            pagination={false}
            columns={[
              ...(ranked ? [{ title: t('scoring.colRank'), dataIndex: 'rank', width: 72 }] : []),
              {
                title: t('scoring.colUnit'),
                dataIndex: 'unitName',
                render: (name: string, row: UnitScore) => (
                  <Button type="link" style={{ padding: 0 }} aria-label={t('scoring.showWhy', { unit: name })} onClick={() => set('unit', row.unitId)}>
                    {name}
                  </Button>
                ),
              },
              ...categories.map((c) => ({
                title: c.name,
                key: c.key,
                width: 110,
                render: (_: unknown, row: UnitScore) => {
                  const s = row.categories.find((x) => x.key === c.key);
                  return s ? signed(s.subtotal) : '0';
                },
              })),
              { title: t('scoring.colTotal'), dataIndex: 'total', width: 90, render: (v: string) => <strong>{points(v)}</strong> },
            ]}
          />
        </Card>
      ) : null}
      {breakdown.error ? <ErrorAlert error={breakdown.error} onRetry={breakdown.reload} /> : null}
      {breakdown.data ? <BreakdownCard data={breakdown.data} /> : null}
      {editing && cityId ? (
        <RulesEditor
          cityId={cityId}
          year={year}
          initial={ruleSet ?? DEFAULT_RULES}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            message.success(t('scoring.saved'));
            sets.reload();
          }}
        />
      ) : null}
    </div>
  );
}

function RulesCard({ ruleSet, onEdit, onRebuild, busy }: { ruleSet: RuleSet; onEdit(): void; onRebuild(): void; busy: boolean }) {
  const { t } = useI18n();
  const names = new Map(ruleSet.categories.map((c) => [c.key, c.name]));
  const cap = (v: number | null) => (v === null ? t('scoring.noCap') : String(v));
  return (
    <Card
      title={t('scoring.rules')}
      style={{ marginBottom: 16 }}
      extra={
        ruleSet.canEdit ? (
          <Space wrap>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={onRebuild} disabled={busy}>
              {t('scoring.rebuild')}
            </Button>
            <Button type="primary" icon={<EditOutlined aria-hidden />} onClick={onEdit}>
              {t('scoring.editRules')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Descriptions size="small" column={1} items={[{ key: 'base', label: t('scoring.base'), children: ruleSet.base }]} />
      <Space size={[8, 8]} wrap style={{ margin: '8px 0' }}>
        {ruleSet.categories.map((c) => (
          <Tag key={c.key}>
            {c.name}：{t('scoring.gainCap')} {cap(c.gainCap)}，{t('scoring.lossCap')} {cap(c.lossCap)}
          </Tag>
        ))}
      </Space>
      <Space size={[8, 8]} wrap>
        {ruleSet.rules.map((r) => (
          <Tag key={r.key} color={r.points >= 0 ? 'green' : 'red'}>
            {t(`enum.scoringRule.${r.key}` as MessageKey)}（{names.get(r.category)}）{r.points > 0 ? `+${r.points}` : r.points}
          </Tag>
        ))}
      </Space>
    </Card>
  );
}

function BreakdownCard({ data }: { data: Schemas['ScoreBreakdown'] }) {
  const { lang, t } = useI18n();
  const { score } = data;
  return (
    <Card title={t('scoring.whyOf', { unit: score.unitName, total: points(score.total) })} data-testid="scoring-breakdown" style={{ marginBottom: 16 }}>
      <Typography.Paragraph>
        {t('scoring.baseLine', { base: points(score.base) })}
        {score.categories.map((c) => (
          <span key={c.key} style={{ display: 'block' }}>
            {t('scoring.subtotalLine', { name: c.name, gain: points(c.countedGain), loss: points(c.countedLoss), subtotal: signed(c.subtotal) })}
            {c.capped ? t('scoring.cappedNote', { gain: points(c.gain), loss: points(c.loss) }) : null}
          </span>
        ))}
      </Typography.Paragraph>
      <DataTable<Entry>
        rowKey="id"
        dataSource={data.entries}
        pagination={data.entries.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{ emptyText: t('scoring.noEntries') }}
        columns={[
          { title: t('scoring.colDate'), dataIndex: 'onDate', width: 130, render: (d: string) => formatDate(d, lang) },
          { title: t('scoring.category'), dataIndex: 'categoryName', width: 110 },
          {
            title: t('scoring.colRule'),
            dataIndex: 'ruleKey',
            render: (k: string, e: Entry) => (k === 'task_completed' ? e.note : t(`enum.scoringRule.${k}` as MessageKey)),
          },
          {
            title: t('scoring.colSubject'),
            dataIndex: 'subject',
            ellipsis: true,
            render: (subject: string | null, e: Entry) => (e.link ? <Link to={e.link}>{subject ?? e.link}</Link> : subject),
          },
          { title: t('scoring.colPoints'), dataIndex: 'points', width: 80, render: (p: string) => signed(p) },
        ]}
      />
    </Card>
  );
}

interface EditorValues {
  base: number;
  categories: { key: string; name: string; gainCap: number | null; lossCap: number | null }[];
  rules: { key: RuleKey; enabled: boolean; category?: string; points?: number }[];
}

function RulesEditor(props: { cityId: string; year: number; initial: Pick<RuleSet, 'base' | 'categories' | 'rules'>; onClose(): void; onSaved(): void }) {
  const { lang, t } = useI18n();
  const [form] = Form.useForm<EditorValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const categories = Form.useWatch('categories', form) ?? props.initial.categories;
  const initialValues: EditorValues = {
    base: props.initial.base,
    categories: props.initial.categories.map((c) => ({ ...c })),
    rules: RULE_KEYS.map((key) => {
      const rule = props.initial.rules.find((r) => r.key === key);
      return { key, enabled: Boolean(rule), category: rule?.category, points: rule?.points };
    }),
  };

  async function save() {
    const values = await form.validateFields();
    const enabled = values.rules.flatMap((r, i) => (r.enabled ? [{ i, rule: r }] : []));
    setSaving(true);
    setProblem(null);
    try {
      await call(
        client.PUT('/api/v1/scoring/rule-sets', {
          body: {
            cityId: props.cityId,
            year: props.year,
            base: values.base,
            categories: values.categories.map((c) => ({ key: c.key, name: c.name, gainCap: c.gainCap ?? null, lossCap: c.lossCap ?? null })),
            rules: enabled.map(({ rule }) => ({ key: rule.key, category: rule.category ?? '', points: rule.points ?? 0 })),
          },
        }),
      );
      props.onSaved();
    } catch (cause) {
      const error = cause instanceof ApiError ? cause : ApiError.network();
      // The server numbers the enabled rules only; the form lists all of them.
      const unplaced = showFieldErrors(form, error, lang, (field) => {
        const m = /^rules\.(\d+)\.(\w+)$/.exec(field);
        if (m) return ['rules', enabled[Number(m[1])]?.i ?? 0, m[2]!];
        const c = /^categories\.(\d+)\.(\w+)$/.exec(field);
        if (c) return ['categories', Number(c[1]), c[2]!];
        return field === 'base' ? 'base' : null;
      });
      if (unplaced.length > 0 || error.details.length === 0) setProblem(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      width={760}
      title={t('scoring.rules')}
      onCancel={props.onClose}
      onOk={save}
      okText={t('scoring.save')}
      cancelText={t('scoring.cancel')}
      confirmLoading={saving}
    >
      {problem ? <Alert type="error" showIcon message={problem.text(lang)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" name="scoring-rules" initialValues={initialValues}>
        <Form.Item name="base" label={t('scoring.base')} rules={[{ required: true }]}>
          <NumberInput min={0} max={10000} style={{ width: 140 }} />
        </Form.Item>
        <Typography.Title level={5}>{t('scoring.categories')}</Typography.Title>
        <Form.List name="categories">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item name={[field.name, 'key']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} label={t('scoring.categoryName')} rules={[{ required: true, max: 50 }]}>
                    <Input style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'gainCap']} label={t('scoring.gainCap')}>
                    <NumberInput min={0} placeholder={t('scoring.noCap')} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'lossCap']} label={t('scoring.lossCap')}>
                    <NumberInput min={0} placeholder={t('scoring.noCap')} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item label=" ">
                    <Button onClick={() => remove(field.name)} disabled={fields.length <= 1}>
                      {t('scoring.removeCategory')}
                    </Button>
                  </Form.Item>
                </Space>
              ))}
              <Form.Item>
                <Button
                  icon={<PlusOutlined aria-hidden />}
                  onClick={() => {
                    const taken = new Set((form.getFieldValue('categories') as EditorValues['categories']).map((c) => c.key));
                    let n = 1;
                    while (taken.has(`category_${n}`)) n += 1;
                    add({ key: `category_${n}`, name: '', gainCap: null, lossCap: null });
                  }}
                >
                  {t('scoring.addCategory')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Typography.Title level={5}>{t('scoring.rule')}</Typography.Title>
        <Form.List name="rules">
          {(fields) =>
            fields.map((field, i) => (
              <Space key={field.key} align="start" wrap>
                <Form.Item name={[field.name, 'enabled']} valuePropName="checked" style={{ width: 230 }}>
                  <Checkbox>{t(`enum.scoringRule.${RULE_KEYS[i]}` as MessageKey)}</Checkbox>
                </Form.Item>
                <Form.Item name={[field.name, 'category']} aria-label={t('scoring.category')}>
                  <Select<string>
                    aria-label={`${t(`enum.scoringRule.${RULE_KEYS[i]}` as MessageKey)} ${t('scoring.category')}`}
                    placeholder={t('scoring.category')}
                    options={categories.filter((c) => c?.key).map((c) => ({ value: c.key, label: c.name || c.key }))}
                    style={{ width: 140 }}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'points']}>
                  <NumberInput
                    aria-label={`${t(`enum.scoringRule.${RULE_KEYS[i]}` as MessageKey)} ${t('scoring.points')}`}
                    placeholder={t('scoring.points')}
                    min={-1000}
                    max={1000}
                    style={{ width: 100 }}
                  />
                </Form.Item>
              </Space>
            ))
          }
        </Form.List>
      </Form>
    </Modal>
  );
}
