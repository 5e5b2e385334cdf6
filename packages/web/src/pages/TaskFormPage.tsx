import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, Col, DatePicker, Form, Input, Row, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Button } from '../components/Button.js';
import { Select } from '../components/Select.js';
import '../components/dayjsLocales.js';
import { type KeyboardEvent, type ReactNode, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, call, client, type Schemas } from '../api/client.js';
import type { paths } from '../api/schema.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { NumberInput } from '../components/NumberInput.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { namePathOf } from '../components/taskIssues.js';
import { TASK_STATUSES } from '../components/taskOptions.js';
import { UnitMultiSelect, usePairUnits } from '../components/UnitPicker.js';
import { useApi } from '../components/useApi.js';
import { type PublishedPlan, usePublishedPlan } from '../components/usePlanTree.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';

type Task = Schemas['Task'];
type Status = Task['status'];
type TaskPatch = NonNullable<paths['/api/v1/tasks/{id}']['patch']['requestBody']>['content']['application/json'];

interface MilestoneValues {
  title?: string;
  dueOn?: Dayjs | null;
  doneOn?: Dayjs | null;
}

interface IndicatorValues {
  name?: string;
  unitOfMeasure?: string;
  target?: string;
  // Kept as they were: the form edits the plan of an indicator, reports fill its actual value.
  actual?: string | null;
  computation?: 'entered' | 'rollup';
  /** The registries' indicator (GET /api/v1/rollups) the actual value comes from; none: reports enter it. */
  rollupId?: string | null;
}

interface TaskFormValues {
  title: string;
  articleNo?: string;
  description?: string;
  leadUnitIds?: string[];
  supportUnitIds?: string[];
  startOn?: Dayjs | null;
  dueOn?: Dayjs | null;
  milestones?: MilestoneValues[];
  indicators?: IndicatorValues[];
  status?: Status;
  progress?: number | null;
  weight?: number | null;
}

const DAY_FORMAT = 'YYYY-MM-DD';

/** Enter confirms a typed date; without this it would also submit the whole form. */
const keepEnterInPicker = (event: KeyboardEvent) => {
  if (event.key === 'Enter') event.preventDefault();
};
const day = (value: Dayjs | null | undefined) => (value ? value.format(DAY_FORMAT) : null);
const fromDay = (value: string | null) => (value ? dayjs(value) : null);

function valuesOf(task: Task): TaskFormValues {
  return {
    title: task.title,
    articleNo: task.articleNo,
    description: task.description,
    leadUnitIds: task.units.filter((u) => u.role === 'lead').map((u) => u.unitId),
    supportUnitIds: task.units.filter((u) => u.role === 'support').map((u) => u.unitId),
    startOn: fromDay(task.startOn),
    dueOn: fromDay(task.dueOn),
    milestones: task.milestones.map((m) => ({ title: m.title, dueOn: fromDay(m.dueOn), doneOn: fromDay(m.doneOn) })),
    indicators: task.indicators.map((i) => ({
      name: i.name,
      unitOfMeasure: i.unitOfMeasure,
      target: i.target ?? '',
      actual: i.actual,
      computation: i.computation,
      rollupId: i.rollupId,
    })),
    status: task.status,
    progress: task.progress,
    weight: task.weight,
  };
}

/** The request fields of the form, as the API takes them. */
function bodyOf(values: TaskFormValues) {
  return {
    title: values.title?.trim() ?? '',
    description: values.description ?? '',
    leadUnitIds: values.leadUnitIds ?? [],
    supportUnitIds: values.supportUnitIds ?? [],
    startOn: day(values.startOn),
    dueOn: day(values.dueOn),
    weight: values.weight ?? 1,
    milestones: (values.milestones ?? []).map((m) => ({ title: m.title?.trim() ?? '', dueOn: day(m.dueOn) ?? '', doneOn: day(m.doneOn) })),
    indicators: (values.indicators ?? []).map((i) => ({
      name: i.name?.trim() ?? '',
      unitOfMeasure: i.unitOfMeasure?.trim() ?? '',
      target: i.target?.trim() ? i.target.trim().replace(/[,，]/g, '') : null,
      actual: i.actual ?? null,
      computation: i.rollupId ? ('rollup' as const) : ('entered' as const),
      rollupId: i.rollupId ?? null,
    })),
  };
}

export function TaskCreatePage() {
  return (
    <RequirePermission any={['tasks.write']}>
      <TaskCreate />
    </RequirePermission>
  );
}

export function TaskEditPage() {
  return (
    <RequirePermission any={['tasks.write']}>
      <TaskEdit />
    </RequirePermission>
  );
}

function TaskCreate() {
  const { t } = useI18n();
  const { pair } = useShell();
  const published = usePublishedPlan(pair?.id);
  if (published.error) {
    return (
      <div>
        <PageTitle>{t('taskForm.createTitle')}</PageTitle>
        <ErrorAlert error={published.error} onRetry={published.reload} />
      </div>
    );
  }
  if (published.loading) return <PageLoading />;
  if (!published.data) {
    return (
      <div>
        <PageTitle>{t('taskForm.createTitle')}</PageTitle>
        <Alert type="warning" showIcon message={t('taskForm.noPlan')} />
      </div>
    );
  }
  return <TaskForm published={published.data} />;
}

function TaskEdit() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { pair } = useShell();
  const task = useApi(() => call(client.GET('/api/v1/tasks/{id}', { params: { path: { id } } })), [id]);
  const published = usePublishedPlan(pair?.id);
  if (task.error?.status === 404) return <NotFound />;
  const error = task.error ?? published.error;
  if (error) {
    return (
      <div>
        <PageTitle>{t('taskForm.editTitle')}</PageTitle>
        <ErrorAlert error={error} onRetry={task.error ? task.reload : published.reload} />
      </div>
    );
  }
  if (!task.data || published.loading) return <PageLoading />;
  return <TaskForm key={task.data.updatedAt} task={task.data} published={published.data ?? null} />;
}

function TaskForm({ task, published }: { task?: Task; published: PublishedPlan | null }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { pair } = useShell();
  const navigate = useNavigate();
  const [form] = Form.useForm<TaskFormValues>();
  const units = usePairUnits(pair?.id);
  const canReadRegistries = hasAnyPermission(useCurrentSession(), ['registries.read']);
  // The registries' indicators a task indicator can take its actual value from.
  const rollups = useApi(
    async () => (pair && canReadRegistries ? (await call(client.GET('/api/v1/rollups', { params: { query: { pairId: pair.id } } }))).items : []),
    [pair?.id, canReadRegistries],
  );
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const editing = task !== undefined;
  const initial = task ? valuesOf(task) : { milestones: [], indicators: [], leadUnitIds: [], supportUnitIds: [] };

  const articleOptions = (published?.tree.chapters ?? []).map((chapter) => ({
    label: t('taskList.chapterOption', { no: chapter.number, title: chapter.title }),
    title: chapter.title,
    options: chapter.articles.map((a) => ({ value: a.number, label: t('taskList.articleOption', { no: a.number, title: a.title }) })),
  }));

  async function submit(values: TaskFormValues) {
    setSaving(true);
    setError(null);
    try {
      const body = bodyOf(values);
      let saved: Task;
      if (task) {
        // Only what changed is sent: replacing unchanged milestones or indicators would renew their ids.
        const before = bodyOf(valuesOf(task));
        const patch: TaskPatch = {};
        for (const key of Object.keys(body) as (keyof typeof body)[]) {
          if (JSON.stringify(body[key]) !== JSON.stringify(before[key])) Object.assign(patch, { [key]: body[key] });
        }
        if (values.status !== task.status) patch.status = values.status;
        const progress = values.progress ?? null;
        if (progress !== task.progress) patch.progress = progress;
        if (Object.keys(patch).length === 0) {
          navigate(`/tasks/${task.id}`);
          return;
        }
        saved = await call(client.PATCH('/api/v1/tasks/{id}', { params: { path: { id: task.id } }, body: patch }));
        message.success(t('taskForm.saved'));
      } else {
        if (!published) return;
        saved = await call(client.POST('/api/v1/tasks', { body: { ...body, planId: published.plan.id, articleNo: values.articleNo ?? '' } }));
        message.success(t('taskForm.created'));
      }
      navigate(`/tasks/${saved.id}`);
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      const placed = new Map<string, { name: (string | number)[]; errors: string[] }>();
      const unplaced = apiError.details.filter((issue) => {
        const name = namePathOf(issue.field);
        if (!name) return true;
        const key = name.join('.');
        placed.set(key, { name, errors: [...(placed.get(key)?.errors ?? []), issue.reason] });
        return false;
      });
      if (placed.size > 0) form.setFields([...placed.values()].map((f) => ({ name: f.name as never, errors: f.errors })));
      if (placed.size === 0 || unplaced.length > 0) setError(apiError);
    } finally {
      setSaving(false);
    }
  }

  const required = (key: 'taskForm.titleRequired' | 'taskForm.articleRequired') => [{ required: true, message: t(key) }];

  return (
    <div>
      <PageTitle>{editing ? t('taskForm.editTitle') : t('taskForm.createTitle')}</PageTitle>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Card style={{ maxWidth: 1080 }}>
        <Form<TaskFormValues>
          form={form}
          name="task-form"
          layout="vertical"
          initialValues={initial}
          onFinish={(values) => void submit(values)}
          disabled={saving}
          scrollToFirstError
        >
          <Row gutter={24}>
            <Col xs={24} lg={16}>
              <Form.Item label={t('taskForm.title')} name="title" rules={required('taskForm.titleRequired')}>
                <Input maxLength={300} showCount />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item
                label={t('taskForm.article')}
                name="articleNo"
                rules={editing ? [] : required('taskForm.articleRequired')}
                extra={editing ? t('taskForm.articleFixed') : undefined}
              >
                <Select showSearch optionFilterProp="label" options={articleOptions} disabled={editing} placeholder={t('taskForm.articlePlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item
                label={t('taskForm.leadUnits')}
                name="leadUnitIds"
                rules={[{ required: true, type: 'array', min: 1, message: t('taskForm.leadRequired') }]}
              >
                <UnitMultiSelect units={units.data ?? []} pair={pair} loading={units.loading} placeholder={t('taskForm.unitsPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item label={t('taskForm.supportUnits')} name="supportUnitIds">
                <UnitMultiSelect units={units.data ?? []} pair={pair} loading={units.loading} placeholder={t('taskForm.unitsPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={t('taskDetail.startOn')} name="startOn">
                <DatePicker onKeyDown={keepEnterInPicker} format={DAY_FORMAT} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={t('tasks.colDue')} name="dueOn">
                <DatePicker onKeyDown={keepEnterInPicker} format={DAY_FORMAT} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={t('taskForm.weight')} name="weight" extra={t('taskForm.weightHint')}>
                <NumberInput min={0.01} max={100} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            {editing ? (
              <>
                <Col xs={24} sm={12} lg={6}>
                  <Form.Item label={t('tasks.colStatus')} name="status">
                    <Select<Status> options={TASK_STATUSES.map((s) => ({ value: s, label: t(`enum.taskStatus.${s}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={6}>
                  <Form.Item label={t('taskForm.progress')} name="progress">
                    <NumberInput min={0} max={100} precision={0} addonAfter="%" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
            <Col span={24}>
              <Form.Item label={t('taskDetail.description')} name="description">
                <Input.TextArea rows={3} maxLength={5000} showCount />
              </Form.Item>
            </Col>
          </Row>

          <SubList
            title={t('taskDetail.milestones')}
            name="milestones"
            addLabel={t('taskForm.addMilestone')}
            emptyText={t('taskForm.noMilestones')}
            newItem={{ title: '', dueOn: null, doneOn: null }}
            row={(index) => (
              <>
                <Col xs={24} md={editing ? 10 : 14}>
                  <Form.Item
                    label={t('taskForm.milestoneTitle')}
                    name={[index, 'title']}
                    rules={[{ required: true, whitespace: true, message: t('taskForm.milestoneTitleRequired') }]}
                  >
                    <Input aria-label={t('taskForm.milestoneTitleN', { n: index + 1 })} maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={editing ? 6 : 8}>
                  <Form.Item
                    label={t('taskForm.milestoneDue')}
                    name={[index, 'dueOn']}
                    rules={[{ required: true, message: t('taskForm.milestoneDueRequired') }]}
                  >
                    <DatePicker
                      onKeyDown={keepEnterInPicker}
                      aria-label={t('taskForm.milestoneDueN', { n: index + 1 })}
                      format={DAY_FORMAT}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
                {editing ? (
                  <Col xs={12} md={6}>
                    <Form.Item label={t('taskForm.milestoneDoneOn')} name={[index, 'doneOn']}>
                      <DatePicker
                        onKeyDown={keepEnterInPicker}
                        aria-label={t('taskForm.milestoneDoneOnN', { n: index + 1 })}
                        format={DAY_FORMAT}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                ) : null}
              </>
            )}
            removeLabel={(n) => t('taskForm.removeMilestone', { n })}
          />

          <SubList
            title={t('taskDetail.indicators')}
            name="indicators"
            addLabel={t('taskForm.addIndicator')}
            emptyText={t('taskForm.noIndicators')}
            newItem={{ name: '', unitOfMeasure: '', target: '', actual: null, computation: 'entered', rollupId: null }}
            row={(index) => (
              <>
                <Col xs={24} md={10}>
                  <Form.Item
                    label={t('taskDetail.indicatorName')}
                    name={[index, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('taskForm.indicatorNameRequired') }]}
                  >
                    <Input aria-label={t('taskForm.indicatorNameN', { n: index + 1 })} maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item
                    label={t('taskDetail.indicatorUnit')}
                    name={[index, 'unitOfMeasure']}
                    rules={[{ required: true, whitespace: true, message: t('taskForm.indicatorUnitRequired') }]}
                  >
                    <Input aria-label={t('taskForm.indicatorUnitN', { n: index + 1 })} maxLength={20} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item label={t('taskDetail.indicatorTarget')} name={[index, 'target']} extra={index === 0 ? t('taskForm.targetHint') : undefined}>
                    <Input aria-label={t('taskForm.indicatorTargetN', { n: index + 1 })} inputMode="decimal" />
                  </Form.Item>
                </Col>
                {canReadRegistries ? (
                  <Col xs={24} md={22}>
                    <Form.Item
                      label={t('registries.taskIndicator.rollup')}
                      name={[index, 'rollupId']}
                      extra={index === 0 ? t('registries.taskIndicator.rollupHint') : undefined}
                    >
                      <Select
                        aria-label={t('registries.taskIndicator.rollupN', { n: index + 1 })}
                        allowClear
                        showSearch
                        optionFilterProp="label"
                        loading={rollups.loading}
                        placeholder={t('registries.taskIndicator.entered')}
                        options={(rollups.data ?? []).map((r) => ({ value: r.id, label: `${r.name}（${r.unitOfMeasure}）` }))}
                      />
                    </Form.Item>
                  </Col>
                ) : null}
              </>
            )}
            removeLabel={(n) => t('taskForm.removeIndicator', { n })}
          />

          <Space style={{ marginTop: 8 }}>
            <Button type="primary" htmlType="submit" loading={saving}>
              {editing ? t('taskForm.save') : t('taskForm.create')}
            </Button>
            <Button onClick={() => navigate(task ? `/tasks/${task.id}` : '/tasks')}>{t('taskForm.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}

/** A dynamic list of rows (milestones, indicators) with add and remove buttons. */
function SubList<T>(props: {
  title: string;
  name: 'milestones' | 'indicators';
  addLabel: string;
  emptyText: string;
  newItem: T;
  row: (index: number) => ReactNode;
  removeLabel: (n: number) => string;
}) {
  return (
    <section aria-label={props.title} style={{ marginBottom: 16 }}>
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 8 }}>
        {props.title}
      </Typography.Title>
      <Form.List name={props.name}>
        {(fields, { add, remove }) => (
          <>
            {fields.length === 0 ? <Typography.Paragraph type="secondary">{props.emptyText}</Typography.Paragraph> : null}
            {fields.map((field, i) => (
              <Row key={field.key} gutter={16} align="top" data-testid={`${props.name}-row`}>
                {props.row(field.name)}
                <Col xs={24} md={2} style={{ paddingTop: 30 }}>
                  <Button
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={props.removeLabel(i + 1)}
                    title={props.removeLabel(i + 1)}
                    onClick={() => remove(field.name)}
                  />
                </Col>
              </Row>
            ))}
            <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add(props.newItem)}>
              {props.addLabel}
            </Button>
          </>
        )}
      </Form.List>
    </section>
  );
}
