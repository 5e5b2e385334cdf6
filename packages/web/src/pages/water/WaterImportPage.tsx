import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, call, client, type Schemas } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { type ChosenFile, FilePicker } from '../../components/FilePicker.js';
import { RequirePermission } from '../../components/PageStates.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { formatDateTime, formatMeasure, formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { useShell } from '../../shell/pair.js';
import { WaterNav } from './shared.js';

type Field = NonNullable<Schemas['WaterSampleColumns']['columns'][number]['field']>;
type Preview = Schemas['WaterSampleImportChecked']['preview'][number];

interface ReadFile extends ChosenFile {
  /** Data rows, as the server counted them when it read the headers. */
  rows: number;
}

interface RowProblem {
  key: string;
  row: number;
  reason: string;
  code: string;
}

type Check = { kind: 'errors'; problems: RowProblem[] } | { kind: 'valid'; rows: number; preview: Preview[] };

// The item codes of GB 3838-2002 table 1 with their names, in the order of the standard.
const ITEMS: { field: Field; label: string }[] = [
  { field: 'ph', label: 'pH' },
  { field: 'do', label: '溶解氧 DO' },
  { field: 'codmn', label: '高锰酸盐指数 CODMn' },
  { field: 'cod', label: '化学需氧量 COD' },
  { field: 'bod5', label: '五日生化需氧量 BOD5' },
  { field: 'nh3n', label: '氨氮 NH3-N' },
  { field: 'tp', label: '总磷 TP' },
  { field: 'tn', label: '总氮 TN' },
];
const NAMED_FIELDS: { field: Field; label: MessageKey }[] = [
  { field: 'section', label: 'water.import.field.section' },
  { field: 'sampledAt', label: 'water.import.field.sampledAt' },
];

export function WaterImportPage() {
  return (
    <RequirePermission any={['water.report']}>
      <SampleImport />
    </RequirePermission>
  );
}

function SampleImport() {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const { pair } = useShell();
  const navigate = useNavigate();
  const [file, setFile] = useState<ReadFile | null>(null);
  const [mapping, setMapping] = useState<{ header: string; field: Field }[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'read' | 'check' | 'import' | null>(null);

  const fieldOptions = [
    ...NAMED_FIELDS.map((f) => ({ value: f.field, label: t(f.label) })),
    ...ITEMS.map((i) => ({ value: i.field, label: i.label })),
    { value: 'ignore' as Field, label: t('water.import.field.ignore') },
  ];

  function fail(cause: unknown) {
    const apiError = cause instanceof ApiError ? cause : ApiError.network();
    const problems = apiError.details.flatMap((d, i) => {
      const match = /^rows\.(\d+)\./.exec(d.field);
      return match ? [{ key: `${i}`, row: Number(match[1]), reason: d.reason, code: d.code ?? '' }] : [];
    });
    const fileIssues = apiError.details.filter((d) => d.field === 'fileName' || d.field === 'fileBase64');
    if (problems.length > 0) setCheck({ kind: 'errors', problems });
    else if (fileIssues.length > 0) setFileError(fileIssues.map((d) => d.reason).join('；'));
    else setError(apiError);
  }

  /** A new choice starts over: its headers are read by the server, which proposes the mapping. */
  async function onFile(chosen: ChosenFile | null) {
    setFileError(null);
    setCheck(null);
    setError(null);
    setMapping([]);
    setFile(null);
    if (!chosen || !pair) return;
    setBusy('read');
    try {
      const columns = await call(client.POST('/api/v1/water/samples/columns', { body: { pairId: pair.id, fileName: chosen.name, fileBase64: chosen.base64 } }));
      setFile({ ...chosen, rows: columns.rows });
      setMapping(columns.columns.map((c) => ({ header: c.header, field: c.field ?? 'ignore' })));
    } catch (cause) {
      fail(cause);
    } finally {
      setBusy(null);
    }
  }

  /** A dry run answers the preview or every row problem; a real run writes every sample at once. */
  async function send(dryRun: boolean) {
    if (!file || !pair) return;
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    setCheck(null);
    try {
      const result = await call(
        client.POST('/api/v1/water/samples/import', {
          body: { pairId: pair.id, fileName: file.name, fileBase64: file.base64, mapping: Object.fromEntries(mapping.map((m) => [m.header, m.field])), dryRun },
        }),
      );
      if ('valid' in result) setCheck({ kind: 'valid', rows: result.rows, preview: result.preview });
      else {
        message.success(t('water.import.imported', { count: formatNumber(result.created), warnings: formatNumber(result.warningsRaised) }));
        navigate('/water');
      }
    } catch (cause) {
      fail(cause);
    } finally {
      setBusy(null);
    }
  }

  const step = check?.kind === 'valid' ? 2 : file ? 1 : 0;

  return (
    <div>
      <PageTitle>{t('water.import.title')}</PageTitle>
      <WaterNav />
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Card>
        <Steps
          current={step}
          size="small"
          style={{ marginBottom: 24, maxWidth: 720 }}
          items={[{ title: t('water.import.step1') }, { title: t('water.import.step2') }, { title: t('water.import.step3') }]}
        />
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{t('water.import.hint')}</Typography.Paragraph>
          <FilePicker
            label={t('water.import.file')}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            buttonLabel={file ? t('water.import.chooseAnother') : t('water.import.choose')}
            status={file ? t('water.import.fileChosen', { name: file.name, rows: formatNumber(file.rows) }) : t('water.import.fileHint')}
            error={fileError}
            loading={busy === 'read'}
            onChoose={(chosen) => void onFile(chosen)}
            onUnreadable={() => {
              void onFile(null);
              setFileError(t('water.import.fileReadError'));
            }}
          />

          {file ? (
            <section aria-label={t('water.import.mapping')}>
              <Typography.Title level={2} style={{ fontSize: 16 }}>
                {t('water.import.mapping')}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{t('water.import.mappingHint')}</Typography.Paragraph>
              <DataTable<{ header: string; field: Field }>
                rowKey="header"
                size="small"
                data-testid="water-mapping"
                pagination={false}
                dataSource={mapping}
                style={{ maxWidth: 640 }}
                columns={[
                  { title: t('water.import.colHeader'), dataIndex: 'header' },
                  {
                    title: t('water.import.colField'),
                    key: 'field',
                    width: 260,
                    render: (_, m) => (
                      <Select<Field>
                        aria-label={t('water.import.fieldFor', { header: m.header })}
                        value={m.field}
                        // Eleven options: all rendered, so the list opens with every field in reach.
                        virtual={false}
                        style={{ width: 240 }}
                        options={fieldOptions}
                        onChange={(field) => {
                          setCheck(null);
                          setMapping((current) => current.map((c) => (c.header === m.header ? { ...c, field } : c)));
                        }}
                      />
                    ),
                  },
                ]}
              />
              <Button type="primary" style={{ marginTop: 16 }} loading={busy === 'check'} onClick={() => void send(true)}>
                {t('water.import.check')}
              </Button>
            </section>
          ) : null}

          {check?.kind === 'errors' ? (
            <section aria-label={t('water.import.errorsLabel')}>
              <Alert
                type="error"
                showIcon
                data-testid="import-errors-summary"
                message={t('water.import.errorsTitle', { count: formatNumber(check.problems.length) })}
                description={t('water.import.nothingWritten')}
                style={{ marginBottom: 12 }}
              />
              <DataTable<RowProblem>
                rowKey="key"
                size="small"
                data-testid="import-errors"
                pagination={check.problems.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                dataSource={check.problems}
                columns={[
                  { title: t('water.import.colRow'), dataIndex: 'row', width: 100, render: (row: number) => t('water.import.rowNo', { row }) },
                  { title: t('water.import.colProblem'), dataIndex: 'reason' },
                  { title: t('water.import.colCode'), dataIndex: 'code', width: 180 },
                ]}
              />
            </section>
          ) : null}

          {check?.kind === 'valid' ? (
            <section aria-label={t('water.import.previewLabel')}>
              <Alert
                type="success"
                showIcon
                icon={<CheckCircleOutlined aria-hidden />}
                data-testid="import-valid-summary"
                message={t('water.import.validTitle', { count: formatNumber(check.rows) })}
                description={
                  check.rows > check.preview.length ? t('water.import.previewFirst', { count: check.preview.length }) : t('water.import.notYetWritten')
                }
                style={{ marginBottom: 12 }}
              />
              <DataTable<Preview>
                rowKey="row"
                size="small"
                data-testid="import-preview"
                pagination={false}
                dataSource={check.preview}
                scroll={{ x: true }}
                columns={[
                  { title: t('water.import.colRow'), dataIndex: 'row', width: 90, render: (row: number) => t('water.import.rowNo', { row }) },
                  { title: t('water.sections.colName'), dataIndex: 'sectionName', width: 160 },
                  { title: t('water.section.colSampledAt'), dataIndex: 'sampledAt', width: 170, render: (at: string) => formatDateTime(at, lang) },
                  { title: t('water.section.colClass'), dataIndex: 'classLabel', width: 100, render: (label: string | null) => label ?? '—' },
                  {
                    title: t('water.import.colValues'),
                    key: 'values',
                    render: (_, p) => p.values.map((v) => `${v.name} ${formatMeasure(v.value)}`).join('；'),
                  },
                ]}
              />
              <Space style={{ marginTop: 16 }}>
                <Button type="primary" loading={busy === 'import'} onClick={() => void send(false)}>
                  {t('water.import.confirm', { count: formatNumber(check.rows) })}
                </Button>
                <Button onClick={() => setCheck(null)}>{t('water.import.cancel')}</Button>
              </Space>
            </section>
          ) : null}
        </Space>
      </Card>
    </div>
  );
}
