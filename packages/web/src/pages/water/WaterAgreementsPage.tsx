import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Card, Checkbox, Col, Form, Input, Modal, Radio, Row, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, call, client, type Schemas } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { NumberInput } from '../../components/NumberInput.js';
import { RequirePermission } from '../../components/PageStates.js';
import { PageTitle } from '../../components/PageTitle.js';
import { recordPath } from '../../components/recordPaths.js';
import { Select } from '../../components/Select.js';
import { useApi } from '../../components/useApi.js';
import { formatWan } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../../session/session.js';
import { useShell } from '../../shell/pair.js';
import { classLabel, WaterNav } from './shared.js';

type Agreement = Schemas['WaterAgreement'];
type RuleIn = Schemas['WaterAgreement']['rule'];

const INDEX_ITEMS = [
  { item: 'codmn', name: '高锰酸盐指数' },
  { item: 'nh3n', name: '氨氮' },
  { item: 'tn', name: '总氮' },
  { item: 'tp', name: '总磷' },
] as const;

export function WaterAgreementsPage() {
  return (
    <RequirePermission any={['water.read']}>
      <Agreements />
    </RequirePermission>
  );
}

/** The rule and its parameters in one line, as the agreement states them. */
function RuleSummary({ rule }: { rule: RuleIn }) {
  const { lang, t } = useI18n();
  const r = rule as {
    kind: 'compliance' | 'index';
    requiredMonthlyCompliancePercent?: string;
    annualMeanMustMeetTarget?: boolean;
    targetClass?: number;
    k0?: string;
    amounts: Record<string, string>;
  };
  const wan = (v: string | undefined) => (v === undefined ? '—' : formatWan(v, lang));
  const target = r.targetClass ? `${classLabel(r.targetClass)} · ` : '';
  return (
    <span>
      <Tag>{t(`enum.waterRule.${r.kind}`)}</Tag>
      {target}
      {r.kind === 'compliance'
        ? t('water.agreements.ruleCompliance', {
            percent: r.requiredMonthlyCompliancePercent ?? '90',
            annual: r.annualMeanMustMeetTarget === false ? '' : t('water.agreements.ruleAnnual'),
            pass: wan(r.amounts.pass),
            fail: wan(r.amounts.fail),
          })
        : t('water.agreements.ruleIndex', { k0: r.k0 ?? '0.85', down: wan(r.amounts.downstream_pays), up: wan(r.amounts.upstream_pays) })}
    </span>
  );
}

function Agreements() {
  const { lang, t } = useI18n();
  const { pair } = useShell();
  const session = useCurrentSession();
  const pairId = pair?.id;
  const canManage = hasAnyPermission(session, ['water.manage']);
  const [creating, setCreating] = useState(false);
  const list = useApi(async () => (pairId ? (await call(client.GET('/api/v1/water/agreements', { params: { query: { pairId } } }))).items : []), [pairId], {
    live: 'pair',
  });
  return (
    <div>
      <PageTitle
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              {t('water.agreements.create')}
            </Button>
          ) : null
        }
      >
        {t('water.agreements.title')}
      </PageTitle>
      <WaterNav />
      {canManage ? (
        <AgreementFormModal
          open={creating}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            list.reload();
          }}
        />
      ) : null}
      <Card>
        {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
        <DataTable<Agreement>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: t('water.agreements.empty') }}
          scroll={{ x: true }}
          columns={[
            { title: t('water.agreements.colName'), dataIndex: 'name' },
            { title: t('water.agreements.colParties'), key: 'parties', width: 150, render: (_, a) => `${a.upstreamParty} / ${a.downstreamParty}` },
            {
              title: t('water.agreements.colYears'),
              key: 'years',
              width: 120,
              render: (_, a) => t('water.agreements.years', { from: a.fromYear, to: a.toYear }),
            },
            { title: t('water.agreements.colPool'), dataIndex: 'poolAmount', width: 120, render: (amount: string) => formatWan(amount, lang) },
            {
              title: t('water.agreements.colSections'),
              key: 'sections',
              render: (_, a) =>
                a.sections.map((s) => (
                  <Tag key={s.id}>
                    <Link to={recordPath.waterSection(s.id)}>{s.name}</Link>
                  </Tag>
                )),
            },
            { title: t('water.agreements.colRule'), key: 'rule', render: (_, a) => <RuleSummary rule={a.rule} /> },
          ]}
        />
      </Card>
    </div>
  );
}

interface Values {
  name: string;
  upstreamParty: string;
  downstreamParty: string;
  fromYear: number;
  toYear: number;
  upstreamAmount: string;
  downstreamAmount: string;
  sectionIds: string[];
  rule: {
    kind: 'compliance' | 'index';
    targetClass?: number;
    requiredMonthlyCompliancePercent?: string;
    annualMeanMustMeetTarget?: boolean;
    notWorseThanPreviousYear?: boolean;
    baselines?: Record<string, string>;
    weights?: Record<string, string | undefined>;
    k0?: string;
    amounts: Record<string, string>;
  };
}

const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/** The office records an agreement: its parties, years, pool, sections and the rule with every parameter. */
function AgreementFormModal({ open, onClose, onSaved }: { open: boolean; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { pair } = useShell();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const kind = Form.useWatch(['rule', 'kind'], form) ?? 'compliance';
  const sections = useApi(
    async () => (pair ? (await call(client.GET('/api/v1/water/sections', { params: { query: { pairId: pair.id } } }))).items : []),
    [pair?.id],
  );

  async function save(values: Values) {
    if (!pair) return;
    const r = values.rule;
    const rule =
      r.kind === 'compliance'
        ? {
            kind: 'compliance' as const,
            targetClass: r.targetClass,
            requiredMonthlyCompliancePercent: blankToUndefined(r.requiredMonthlyCompliancePercent),
            annualMeanMustMeetTarget: r.annualMeanMustMeetTarget,
            notWorseThanPreviousYear: r.notWorseThanPreviousYear,
            amounts: { pass: r.amounts.pass ?? '', fail: r.amounts.fail ?? '' },
          }
        : {
            kind: 'index' as const,
            targetClass: r.targetClass,
            baselines: { codmn: r.baselines?.codmn ?? '', nh3n: r.baselines?.nh3n ?? '', tn: r.baselines?.tn ?? '', tp: r.baselines?.tp ?? '' },
            weights: Object.fromEntries(
              INDEX_ITEMS.flatMap(({ item }) => (blankToUndefined(r.weights?.[item]) ? [[item, blankToUndefined(r.weights?.[item])!]] : [])),
            ),
            k0: blankToUndefined(r.k0),
            amounts: { downstream_pays: r.amounts.downstream_pays ?? '', upstream_pays: r.amounts.upstream_pays ?? '' },
          };
    setSaving(true);
    setError(null);
    try {
      await call(
        client.POST('/api/v1/water/agreements', {
          body: {
            pairId: pair.id,
            name: values.name,
            upstreamParty: values.upstreamParty,
            downstreamParty: values.downstreamParty,
            fromYear: values.fromYear,
            toYear: values.toYear,
            upstreamAmount: values.upstreamAmount,
            downstreamAmount: values.downstreamAmount,
            sectionIds: values.sectionIds,
            rule,
          },
        }),
      );
      message.success(t('water.form.saved'));
      form.resetFields();
      onSaved();
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      const placed: { name: (string | number)[]; errors: string[] }[] = [];
      for (const [field, issues] of apiError.byField()) {
        const parts = field.split('.');
        const name = parts[0] === 'sectionIds' ? ['sectionIds'] : parts;
        if (parts[0] && parts[0] !== 'pairId') placed.push({ name, errors: issues.map((i) => i.reason) });
      }
      // The names come from the server's field paths, checked against this form above (as TaskFormPage does).
      form.setFields(placed.map((f) => ({ name: f.name as never, errors: f.errors })));
      if (placed.length === 0) setError(apiError);
    } finally {
      setSaving(false);
    }
  }

  const required = (field: string) => [{ required: true, whitespace: true, message: t('water.form.required', { field }) }];
  const text = (name: (string | number)[], label: string, isRequired = true) => (
    <Form.Item name={name} label={label} rules={isRequired ? required(label) : []}>
      <Input inputMode="decimal" maxLength={15} />
    </Form.Item>
  );
  const year = new Date().getFullYear();
  return (
    <Modal
      open={open}
      title={t('water.agreements.create')}
      okText={t('water.form.save')}
      cancelText={t('water.form.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={760}
    >
      {error ? <ErrorAlert error={error} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        name="water-agreement"
        initialValues={{
          upstreamParty: '江西省',
          downstreamParty: '广东省',
          fromYear: year,
          toYear: year + 2,
          sectionIds: [],
          rule: { kind: 'compliance', requiredMonthlyCompliancePercent: '90', annualMeanMustMeetTarget: true, notWorseThanPreviousYear: false, amounts: {} },
        }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="name" label={t('water.agreements.name')} rules={required(t('water.agreements.name'))}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="upstreamParty" label={t('water.agreements.upstreamParty')} rules={required(t('water.agreements.upstreamParty'))}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="downstreamParty" label={t('water.agreements.downstreamParty')} rules={required(t('water.agreements.downstreamParty'))}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="fromYear"
              label={t('water.agreements.fromYear')}
              rules={[{ required: true, message: t('water.form.required', { field: t('water.agreements.fromYear') }) }]}
            >
              <NumberInput min={2000} max={2100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="toYear"
              label={t('water.agreements.toYear')}
              rules={[{ required: true, message: t('water.form.required', { field: t('water.agreements.toYear') }) }]}
            >
              <NumberInput min={2000} max={2100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>{text(['upstreamAmount'], t('water.agreements.upstreamAmount'))}</Col>
          <Col span={12}>{text(['downstreamAmount'], t('water.agreements.downstreamAmount'))}</Col>
        </Row>
        <Form.Item
          name="sectionIds"
          label={t('water.agreements.sections')}
          rules={[{ required: true, message: t('water.form.choose', { field: t('water.agreements.sections') }) }]}
        >
          <Select mode="multiple" loading={sections.loading} options={(sections.data ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }))} />
        </Form.Item>
        <Form.Item name={['rule', 'kind']} label={t('water.agreements.ruleKind')}>
          <Radio.Group
            options={[
              { value: 'compliance', label: t('enum.waterRule.compliance') },
              { value: 'index', label: t('enum.waterRule.index') },
            ]}
          />
        </Form.Item>
        <Form.Item name={['rule', 'targetClass']} label={t('water.agreements.targetClass')}>
          <Select allowClear options={[1, 2, 3, 4, 5].map((c) => ({ value: c, label: classLabel(c) }))} />
        </Form.Item>
        {kind === 'compliance' ? (
          <Row gutter={16}>
            <Col span={24}>{text(['rule', 'requiredMonthlyCompliancePercent'], t('water.agreements.requiredPercent'), false)}</Col>
            <Col span={12}>
              <Form.Item name={['rule', 'annualMeanMustMeetTarget']} valuePropName="checked">
                <Checkbox>{t('water.agreements.annualMean')}</Checkbox>
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['rule', 'notWorseThanPreviousYear']} valuePropName="checked">
                <Checkbox>{t('water.agreements.notWorse')}</Checkbox>
              </Form.Item>
            </Col>
            <Col span={12}>{text(['rule', 'amounts', 'pass'], t('water.agreements.amountPass'))}</Col>
            <Col span={12}>{text(['rule', 'amounts', 'fail'], t('water.agreements.amountFail'))}</Col>
          </Row>
        ) : (
          <Row gutter={16}>
            {INDEX_ITEMS.map(({ item, name }) => (
              <Col span={12} key={`b-${item}`}>
                {text(['rule', 'baselines', item], t('water.agreements.baseline', { item: name }))}
              </Col>
            ))}
            {INDEX_ITEMS.map(({ item, name }) => (
              <Col span={12} key={`w-${item}`}>
                {text(['rule', 'weights', item], t('water.agreements.weight', { item: name }), false)}
              </Col>
            ))}
            <Col span={24}>{text(['rule', 'k0'], t('water.agreements.k0'), false)}</Col>
            <Col span={12}>{text(['rule', 'amounts', 'downstream_pays'], t('water.agreements.amountDownstream'))}</Col>
            <Col span={12}>{text(['rule', 'amounts', 'upstream_pays'], t('water.agreements.amountUpstream'))}</Col>
          </Row>
        )}
      </Form>
    </Modal>
  );
}
