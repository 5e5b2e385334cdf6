import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, Col, DatePicker, Form, Input, Row, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageLoading } from '../components/PageLoading.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { Select } from '../components/Select.js';
import { useApi } from '../components/useApi.js';
import { useI18n } from '../i18n/i18n.js';
import { useShell } from '../shell/pair.js';
import { LinkPicker, type LinkValue } from './meetings/LinkPicker.js';
import type { MinutesEditorProps } from './meetings/MinutesEditor.js';
import { type Meeting, unitOptions, usePairUnits } from './meetings/shared.js';

// The editor is its own chunk: the form shows at once and the editor follows.
const MinutesEditor = lazy(async () => ({ default: (await import('./meetings/MinutesEditor.js')).MinutesEditor }));

function LazyMinutesEditor(props: MinutesEditorProps) {
  return (
    <Suspense fallback={<PageLoading />}>
      <MinutesEditor {...props} />
    </Suspense>
  );
}

interface DecisionValues {
  id?: string;
  text: string;
  ownerUnitId?: string;
  deadline?: Dayjs;
  raised?: boolean;
}

interface FormValues {
  title: string;
  startsAt?: Dayjs;
  place: string;
  hostCityId?: string;
  chairs: { name: string; title: string; cityId?: string }[];
  attendeeUnits: string[];
  people: { name: string; title?: string; unitId?: string }[];
  agenda: { title: string; link?: LinkValue | null }[];
  decisions: DecisionValues[];
  minutesHtml: string;
}

const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

export function MeetingFormPage() {
  return (
    <RequirePermission any={['meetings.write']}>
      <MeetingFormLoader />
    </RequirePermission>
  );
}

/** Loads what the form starts with: the meeting to edit, or the draft of a new one (open decisions in the agenda). */
function MeetingFormLoader() {
  const { id } = useParams();
  const { pair } = useShell();
  const pairId = pair?.id;
  const start = useApi(async () => {
    if (id) return { meeting: await call(client.GET('/api/v1/meetings/{id}', { params: { path: { id } } })), draft: null };
    if (!pairId) return null;
    return { meeting: null, draft: await call(client.GET('/api/v1/meetings/new', { params: { query: { pairId } } })) };
  }, [id, pairId]);
  if (start.error) return <ErrorAlert error={start.error} onRetry={start.reload} />;
  if (start.loading || !start.data) return <PageLoading />;
  return <MeetingForm key={id ?? 'new'} meeting={start.data.meeting} draft={start.data.draft} />;
}

function initialValues(meeting: Meeting | null, draft: { agenda: { title: string; link: LinkValue }[] } | null, hostCityId?: string): FormValues {
  if (!meeting) {
    return {
      title: '',
      place: '',
      hostCityId,
      chairs: [],
      attendeeUnits: [],
      people: [],
      agenda: draft?.agenda.map((a) => ({ title: a.title, link: a.link })) ?? [],
      decisions: [],
      minutesHtml: '',
    };
  }
  return {
    title: meeting.title,
    startsAt: dayjs(meeting.startsAt),
    place: meeting.place,
    hostCityId: meeting.hostCityId,
    chairs: meeting.chairs.map((c) => ({ name: c.name, title: c.title, cityId: c.cityId })),
    attendeeUnits: meeting.attendees.filter((a) => !a.name).map((a) => a.unitId),
    people: meeting.attendees.filter((a) => a.name).map((a) => ({ name: a.name ?? '', title: a.title ?? undefined, unitId: a.unitId })),
    agenda: meeting.agenda.map((a) => ({ title: a.title, link: a.link ? { kind: a.link.kind, id: a.link.id, label: a.link.label } : null })),
    decisions: meeting.decisions.map((d) => ({ id: d.id, text: d.text, ownerUnitId: d.ownerUnitId, deadline: dayjs(d.deadline), raised: d.raised })),
    minutesHtml: meeting.minutesHtml,
  };
}

function MeetingForm({
  meeting,
  draft,
}: {
  meeting: Meeting | null;
  draft: { previousMeeting: { title: string } | null; agenda: { title: string; link: LinkValue }[] } | null;
}) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { pair } = useShell();
  const pairId = meeting?.pairId ?? pair?.id ?? '';
  const cities = pair?.cities ?? [];
  const units = usePairUnits(pairId || undefined);
  const [form] = Form.useForm<FormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const initial = useMemo(() => initialValues(meeting, draft, cities[1]?.id ?? cities[0]?.id), [meeting, draft, cities]);
  const options = useMemo(() => unitOptions(units.data ?? [], cities), [units.data, cities]);
  const cityOptions = cities.map((c) => ({ value: c.id, label: c.name }));

  useEffect(() => {
    form.setFieldsValue(initial);
  }, [form, initial]);

  /** Server field names (`decisions.0.ownerUnitId`) as the form's names; attendees are split in two lists here. */
  function formName(field: string, values: FormValues): (string | number)[] | null {
    const parts = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const [head, index, rest] = parts;
    if (head === 'attendees' && typeof index === 'number') {
      const unitCount = values.attendeeUnits.length;
      return index < unitCount ? ['attendeeUnits'] : ['people', index - unitCount, rest === 'unitId' ? 'unitId' : 'name'];
    }
    if (head === 'agenda' && typeof index === 'number') return ['agenda', index, rest === 'link' ? 'link' : 'title'];
    if (head === 'decisions' && typeof index === 'number' && typeof rest === 'string' && ['text', 'ownerUnitId', 'deadline'].includes(rest)) {
      return ['decisions', index, rest];
    }
    if (head === 'chairs' && typeof index === 'number' && typeof rest === 'string') return ['chairs', index, rest];
    if (parts.length === 1 && typeof head === 'string' && ['title', 'startsAt', 'place', 'hostCityId', 'minutesHtml'].includes(head)) return [head];
    return null;
  }

  async function submit() {
    // The whole store: decisions carry their id and raised flag without a field of their own.
    const values = form.getFieldsValue(true) as FormValues;
    setSubmitting(true);
    setError(null);
    const body = {
      title: values.title,
      startsAt: values.startsAt?.format() ?? '',
      place: values.place,
      hostCityId: values.hostCityId ?? '',
      chairs: values.chairs.map((c) => ({ name: c.name, title: c.title, cityId: c.cityId ?? '' })),
      attendees: [
        ...values.attendeeUnits.map((unitId) => ({ unitId })),
        ...values.people.map((p) => ({ unitId: p.unitId ?? '', name: p.name, title: p.title || null })),
      ],
      agenda: values.agenda.map((a) => ({ title: a.title, link: a.link ? { kind: a.link.kind, id: a.link.id } : null })),
      decisions: values.decisions.map((d) => ({ id: d.id, text: d.text, ownerUnitId: d.ownerUnitId ?? '', deadline: d.deadline?.format('YYYY-MM-DD') ?? '' })),
      minutesHtml: values.minutesHtml ?? '',
    };
    try {
      const saved = meeting
        ? await call(client.PUT('/api/v1/meetings/{id}', { params: { path: { id: meeting.id } }, body }))
        : await call(client.POST('/api/v1/meetings', { body: { ...body, pairId } }));
      message.success(t('meetings.form.saved'));
      navigate(`/meetings/${saved.id}`);
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      const placed: { name: (string | number)[]; errors: string[] }[] = [];
      let unplaced = false;
      for (const [field, issues] of apiError.byField()) {
        const name = formName(field, values);
        if (name) placed.push({ name, errors: issues.map((i) => i.reason) });
        else unplaced = true;
      }
      // The names come from the server's field paths, checked against this form above (as TaskFormPage does).
      form.setFields(placed.map((f) => ({ name: f.name as never, errors: f.errors })));
      if (placed.length > 0) {
        form.scrollToField(placed[0]!.name, { block: 'center' });
        message.error(t('meetings.form.fixErrors'));
      }
      if (unplaced || placed.length === 0) setError(apiError);
    } finally {
      setSubmitting(false);
    }
  }

  if (!pairId) return <Alert type="info" showIcon message={t('meetings.form.noPair')} />;
  const required = (field: string) => [{ required: true, whitespace: true, message: t('meetings.form.required', { field }) }];
  const unitSelectProps = {
    showSearch: true,
    optionFilterProp: 'label' as const,
    options,
    loading: units.loading,
  };

  return (
    <div>
      <PageTitle>{meeting ? t('meetings.form.editTitle') : t('meetings.form.createTitle')}</PageTitle>
      {units.error ? <ErrorAlert error={units.error} onRetry={units.reload} /> : null}
      <Form<FormValues>
        form={form}
        name="meeting"
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        disabled={submitting}
        scrollToFirstError
        onKeyDown={(event) => {
          // Enter confirms a date in the pickers; it must not also submit the whole form.
          if (event.key === 'Enter' && (event.target as HTMLElement).closest('.ant-picker')) event.preventDefault();
        }}
      >
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('meetings.form.basics')} size="small">
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item label={t('meetings.form.title')} name="title" rules={required(t('meetings.form.title'))}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label={t('meetings.form.startsAt')} name="startsAt" rules={[{ required: true, message: t('meetings.form.startsAtRequired') }]}>
                  <DatePicker showTime={{ format: 'HH:mm' }} format={DATE_TIME_FORMAT} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label={t('meetings.form.hostCity')} name="hostCityId" rules={[{ required: true, message: t('meetings.form.hostCityRequired') }]}>
                  <Select options={cityOptions} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label={t('meetings.form.place')} name="place" rules={required(t('meetings.form.place'))}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card title={t('meetings.form.chairs')} size="small">
            <Form.List name="chairs">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, i) => (
                    <Row gutter={12} key={field.key} align="bottom">
                      <Col span={7}>
                        <Form.Item
                          label={t('meetings.form.chairName', { n: i + 1 })}
                          name={[field.name, 'name']}
                          rules={required(t('meetings.form.chairName', { n: i + 1 }))}
                        >
                          <Input maxLength={50} />
                        </Form.Item>
                      </Col>
                      <Col span={8}>
                        <Form.Item
                          label={t('meetings.form.chairTitle', { n: i + 1 })}
                          name={[field.name, 'title']}
                          rules={required(t('meetings.form.chairTitle', { n: i + 1 }))}
                        >
                          <Input maxLength={100} />
                        </Form.Item>
                      </Col>
                      <Col span={6}>
                        <Form.Item
                          label={t('meetings.form.chairCity', { n: i + 1 })}
                          name={[field.name, 'cityId']}
                          rules={[{ required: true, message: t('meetings.form.hostCityRequired') }]}
                        >
                          <Select options={cityOptions} />
                        </Form.Item>
                      </Col>
                      <Col span={3}>
                        <Form.Item>
                          <Button
                            danger
                            icon={<DeleteOutlined aria-hidden />}
                            aria-label={t('meetings.form.removeLabel', { what: t('meetings.form.chairName', { n: i + 1 }) })}
                            onClick={() => remove(field.name)}
                          />
                        </Form.Item>
                      </Col>
                    </Row>
                  ))}
                  <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ name: '', title: '', cityId: form.getFieldValue('hostCityId') })}>
                    {t('meetings.form.addChair')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>

          <Card title={t('meetings.form.attendees')} size="small">
            <Form.Item label={t('meetings.form.attendeeUnits')} name="attendeeUnits" extra={t('meetings.form.attendeeUnitsHint')}>
              <Select mode="multiple" {...unitSelectProps} />
            </Form.Item>
            <Form.List name="people">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, i) => (
                    <Row gutter={12} key={field.key} align="bottom">
                      <Col span={6}>
                        <Form.Item
                          label={t('meetings.form.personName', { n: i + 1 })}
                          name={[field.name, 'name']}
                          rules={required(t('meetings.form.personName', { n: i + 1 }))}
                        >
                          <Input maxLength={50} />
                        </Form.Item>
                      </Col>
                      <Col span={7}>
                        <Form.Item label={t('meetings.form.personTitle', { n: i + 1 })} name={[field.name, 'title']}>
                          <Input maxLength={100} />
                        </Form.Item>
                      </Col>
                      <Col span={8}>
                        <Form.Item
                          label={t('meetings.form.personUnit', { n: i + 1 })}
                          name={[field.name, 'unitId']}
                          rules={[{ required: true, message: t('meetings.form.unitRequired') }]}
                        >
                          <Select {...unitSelectProps} />
                        </Form.Item>
                      </Col>
                      <Col span={3}>
                        <Form.Item>
                          <Button
                            danger
                            icon={<DeleteOutlined aria-hidden />}
                            aria-label={t('meetings.form.removeLabel', { what: t('meetings.form.personName', { n: i + 1 }) })}
                            onClick={() => remove(field.name)}
                          />
                        </Form.Item>
                      </Col>
                    </Row>
                  ))}
                  <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ name: '', title: '' })}>
                    {t('meetings.form.addPerson')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>

          <Card title={t('meetings.form.agenda')} size="small">
            {draft?.previousMeeting && draft.agenda.length > 0 ? (
              <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('meetings.form.agendaCarried', { title: draft.previousMeeting.title })} />
            ) : null}
            <Form.List name="agenda">
              {(fields, { add, remove, move }) => (
                <>
                  {fields.map((field, i) => (
                    <Row gutter={12} key={field.key} align="bottom" data-testid="agenda-row">
                      <Col span={10}>
                        <Form.Item
                          label={t('meetings.form.agendaTitle', { n: i + 1 })}
                          name={[field.name, 'title']}
                          rules={required(t('meetings.form.agendaTitle', { n: i + 1 }))}
                        >
                          <Input maxLength={500} />
                        </Form.Item>
                      </Col>
                      <Col span={10}>
                        <Form.Item label={t('meetings.form.agendaLink', { n: i + 1 })} name={[field.name, 'link']}>
                          <LinkPicker
                            pairId={pairId}
                            kindLabel={t('meetings.form.linkKind', { n: i + 1 })}
                            targetLabel={t('meetings.form.agendaLink', { n: i + 1 })}
                          />
                        </Form.Item>
                      </Col>
                      <Col span={4}>
                        <Form.Item>
                          <Space size={4}>
                            <Button
                              icon={<ArrowUpOutlined aria-hidden />}
                              aria-label={t('meetings.form.moveUp', { n: i + 1 })}
                              disabled={i === 0}
                              onClick={() => move(i, i - 1)}
                            />
                            <Button
                              icon={<ArrowDownOutlined aria-hidden />}
                              aria-label={t('meetings.form.moveDown', { n: i + 1 })}
                              disabled={i === fields.length - 1}
                              onClick={() => move(i, i + 1)}
                            />
                            <Button
                              danger
                              icon={<DeleteOutlined aria-hidden />}
                              aria-label={t('meetings.form.removeLabel', { what: t('meetings.form.agendaTitle', { n: i + 1 }) })}
                              onClick={() => remove(field.name)}
                            />
                          </Space>
                        </Form.Item>
                      </Col>
                    </Row>
                  ))}
                  <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ title: '', link: null })}>
                    {t('meetings.form.addAgenda')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>

          <Card title={t('meetings.form.decisions')} size="small">
            <Typography.Paragraph type="secondary">{t('meetings.form.decisionsHint')}</Typography.Paragraph>
            <Form.List name="decisions">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, i) => {
                    const raised = Boolean(form.getFieldValue(['decisions', field.name, 'raised']));
                    return (
                      <Row gutter={12} key={field.key} align="bottom" data-testid="decision-row">
                        <Col span={11}>
                          <Form.Item
                            label={t('meetings.form.decisionText', { n: i + 1 })}
                            name={[field.name, 'text']}
                            rules={required(t('meetings.form.decisionText', { n: i + 1 }))}
                            extra={raised ? t('meetings.form.decisionRaised') : undefined}
                          >
                            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} disabled={raised} />
                          </Form.Item>
                        </Col>
                        <Col span={6}>
                          <Form.Item
                            label={t('meetings.form.decisionOwner', { n: i + 1 })}
                            name={[field.name, 'ownerUnitId']}
                            rules={[{ required: true, message: t('meetings.form.ownerRequired') }]}
                          >
                            <Select {...unitSelectProps} disabled={raised} />
                          </Form.Item>
                        </Col>
                        <Col span={4}>
                          <Form.Item
                            label={t('meetings.form.decisionDeadline', { n: i + 1 })}
                            name={[field.name, 'deadline']}
                            rules={[{ required: true, message: t('meetings.form.deadlineRequired') }]}
                          >
                            <DatePicker style={{ width: '100%' }} disabled={raised} />
                          </Form.Item>
                        </Col>
                        <Col span={3}>
                          <Form.Item>
                            <Button
                              danger
                              icon={<DeleteOutlined aria-hidden />}
                              disabled={raised}
                              aria-label={t('meetings.form.removeLabel', { what: t('meetings.form.decisionText', { n: i + 1 }) })}
                              onClick={() => remove(field.name)}
                            />
                          </Form.Item>
                        </Col>
                      </Row>
                    );
                  })}
                  <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ text: '' })}>
                    {t('meetings.form.addDecision')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>

          <Card title={t('meetings.form.minutes')} size="small">
            <Form.Item name="minutesHtml" label={t('meetings.form.minutes')}>
              <LazyMinutesEditor label={t('meetings.form.minutes')} />
            </Form.Item>
          </Card>

          {error ? (
            <Alert type="error" showIcon message={error.text(lang)} description={error.details.map((d) => `${d.field}: ${d.reason}`).join('；') || undefined} />
          ) : null}
          <Space>
            <Button type="primary" htmlType="submit" loading={submitting}>
              {t('meetings.form.save')}
            </Button>
            <Button onClick={() => navigate(meeting ? `/meetings/${meeting.id}` : '/meetings')}>{t('meetings.form.cancel')}</Button>
          </Space>
        </Space>
      </Form>
    </div>
  );
}
