import { ApartmentOutlined, CaretDownOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App as AntApp, Checkbox, Descriptions, Drawer, Empty, Form, Input, Modal, Space, Spin, Tag, Tree, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { type ApiError, call, client } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { NameWithCode } from '../../components/NameWithCode.js';
import { NumberInput } from '../../components/NumberInput.js';
import { Select, TreeSelect } from '../../components/Select.js';
import { useApi } from '../../components/useApi.js';
import { formatDateTime } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { type Pair, useShell } from '../../shell/pair.js';
import { COLORS } from '../../theme.js';
import { AdminSectionGuard } from '../AdminPage.js';
import { asApiError, childrenByParent, DrawerFooter, type FormProblem, FormProblems, showFieldErrors, type Unit, unitOptions, usePairUnits } from './shared.js';

type City = Pair['cities'][number];
type UnitType = Unit['type'];

const UNIT_TYPES: UnitType[] = ['coordination_office', 'department', 'district', 'county', 'institution', 'enterprise'];
/** GB/T 2260 codes belong to county-level divisions only; the server refuses them elsewhere. */
const TYPES_WITH_ADMIN_CODE = new Set<UnitType>(['district', 'county']);
const CITY_KEY = 'city:';

export function UnitsPage() {
  return (
    <AdminSectionGuard path="units">
      <Units />
    </AdminSectionGuard>
  );
}

type Editing = { mode: 'create'; cityId: string; parentId: string | null } | { mode: 'edit'; unit: Unit };

function Units() {
  const { t } = useI18n();
  const { pair } = useShell();
  const pairId = pair?.id;
  const units = usePairUnits(pairId);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [showDisabled, setShowDisabled] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [moving, setMoving] = useState<Unit | null>(null);

  // The server does the search (name or short name); the tree then shows the matches with their parents.
  const matches = useApi(
    async () =>
      search && pairId
        ? (await call(client.GET('/api/v1/units', { params: { query: { pairId, q: search, includeDisabled: 'true', pageSize: 200 } } }))).items
        : null,
    [pairId, search],
  );

  const all = units.data ?? [];
  const byId = useMemo(() => new Map(all.map((u) => [u.id, u])), [all]);
  const cities = pair?.cities ?? [];
  const selectedUnit = selectedKey && !selectedKey.startsWith(CITY_KEY) ? (byId.get(selectedKey) ?? null) : null;
  const selectedCity = selectedKey?.startsWith(CITY_KEY)
    ? (cities.find((c) => `${CITY_KEY}${c.id}` === selectedKey) ?? null)
    : (cities.find((c) => c.id === selectedUnit?.cityId) ?? null);

  const startCreate = () => {
    const cityId = selectedCity?.id ?? cities[0]?.id;
    if (cityId) setEditing({ mode: 'create', cityId, parentId: selectedUnit && !selectedUnit.disabled ? selectedUnit.id : null });
  };

  if (!pair) return <Empty description={t('header.noPair')} />;

  return (
    // On a phone the detail goes under the tree, which takes the screen's width.
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
      <section aria-label={t('admin.units.treeTitle')} style={{ width: 460, maxWidth: '100%', flex: 'none' }}>
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap size={8}>
            <label htmlFor="unit-search">{t('admin.units.search')}</label>
            <Input.Search
              id="unit-search"
              allowClear
              placeholder={t('admin.units.searchPlaceholder')}
              onSearch={(value) => setSearch(value.trim())}
              style={{ width: 240 }}
            />
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={startCreate}>
              {t('admin.units.create')}
            </Button>
          </Space>
          <Checkbox checked={showDisabled} onChange={(e) => setShowDisabled(e.target.checked)}>
            {t('admin.units.showDisabled')}
          </Checkbox>
          {units.error ? <ErrorAlert error={units.error} onRetry={units.reload} /> : null}
          {matches.error ? <ErrorAlert error={matches.error} onRetry={matches.reload} /> : null}
          <UnitTree
            cities={cities}
            units={all}
            loading={units.loading || matches.loading}
            matches={matches.data ?? null}
            search={search}
            showDisabled={showDisabled}
            selectedKey={selectedKey}
            onSelect={setSelectedKey}
          />
        </Space>
      </section>
      <section aria-label={t('admin.units.detailTitle')} style={{ flex: '1 1 0', minWidth: 0 }}>
        {selectedUnit ? (
          <UnitDetail
            unit={selectedUnit}
            city={selectedCity}
            parent={selectedUnit.parentId ? (byId.get(selectedUnit.parentId) ?? null) : null}
            onEdit={() => setEditing({ mode: 'edit', unit: selectedUnit })}
            onMove={() => setMoving(selectedUnit)}
            onAddChild={() => setEditing({ mode: 'create', cityId: selectedUnit.cityId, parentId: selectedUnit.id })}
            onChanged={units.reload}
          />
        ) : selectedCity ? (
          <CityDetail
            city={selectedCity}
            count={all.filter((u) => u.cityId === selectedCity.id && !u.disabled).length}
            onAdd={() => setEditing({ mode: 'create', cityId: selectedCity.id, parentId: null })}
          />
        ) : (
          <Empty description={t('admin.units.pickHint')} />
        )}
      </section>
      {editing ? (
        <UnitEditor
          editing={editing}
          cities={cities}
          units={all}
          onClose={() => setEditing(null)}
          onSaved={(unit) => {
            setEditing(null);
            setSelectedKey(unit.id);
            units.reload();
          }}
        />
      ) : null}
      {moving ? (
        <MoveUnit
          unit={moving}
          city={cities.find((c) => c.id === moving.cityId) ?? null}
          units={all}
          onClose={() => setMoving(null)}
          onMoved={() => {
            setMoving(null);
            units.reload();
          }}
        />
      ) : null}
    </div>
  );
}

/** The searched text marked in bold as well as in colour; a match on the short name marks the whole name. */
function Highlighted({ text, search }: { text: string; search: string }) {
  if (!search) return <>{text}</>;
  const at = text.toLowerCase().indexOf(search.toLowerCase());
  const mark = (part: string) => <mark style={{ fontWeight: 600, padding: 0 }}>{part}</mark>;
  if (at < 0) return mark(text);
  return (
    <>
      {text.slice(0, at)}
      {mark(text.slice(at, at + search.length))}
      {text.slice(at + search.length)}
    </>
  );
}

/** The keys of the city and of every unit above `unit`: what must be open for it to show. */
function wayTo(unit: Unit, byId: ReadonlyMap<string, Unit>): string[] {
  const keys = [`${CITY_KEY}${unit.cityId}`];
  for (let parent = unit.parentId ? byId.get(unit.parentId) : undefined; parent; parent = parent.parentId ? byId.get(parent.parentId) : undefined) {
    keys.push(parent.id);
  }
  return keys;
}

interface TreeNode {
  key: string;
  title: ReactNode;
  children?: TreeNode[];
}

function UnitTree(props: {
  cities: City[];
  units: Unit[];
  loading: boolean;
  matches: Unit[] | null;
  /** The searched text, marked in the names of the matches. */
  search: string;
  showDisabled: boolean;
  selectedKey: string | null;
  onSelect(key: string | null): void;
}) {
  const { t } = useI18n();
  const { cities, units, matches, showDisabled } = props;
  const [expanded, setExpanded] = useState<string[]>([]);
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);

  const { treeData, matchedAncestors } = useMemo(() => {
    const matchIds = matches ? new Set(matches.map((m) => m.id)) : null;
    // With a search, only the matches and the units on the way to them stay in the tree.
    const keep = new Set<string>();
    const ancestors = new Set<string>();
    if (matches) {
      for (const match of matches) {
        keep.add(match.id);
        for (const key of wayTo(match, byId)) {
          keep.add(key);
          ancestors.add(key);
        }
      }
    }
    // A disabled unit found by the search is shown even when disabled units are hidden.
    const shown = (u: Unit) => showDisabled || !u.disabled || (matchIds?.has(u.id) ?? false);
    const visible = units.filter((u) => shown(u) && (!matches || keep.has(u.id)));
    const byParent = childrenByParent(visible);
    const build = (parent: string | null, cityId: string): TreeNode[] =>
      (byParent.get(parent) ?? [])
        .filter((u) => u.cityId === cityId)
        .map((u) => {
          const children = build(u.id, u.cityId);
          const title = <UnitTitle key={u.id} unit={u} search={matchIds?.has(u.id) ? props.search : ''} />;
          return { key: u.id, title, ...(children.length > 0 ? { children } : {}) };
        });
    const data = cities
      .map((city) => {
        const children = build(null, city.id);
        return { city, node: { key: `${CITY_KEY}${city.id}`, title: <CityTitle city={city} />, children } };
      })
      .filter(({ node }) => !matches || node.children.length > 0)
      .map(({ node }) => node);
    return { treeData: data, matchedAncestors: [...ancestors] };
  }, [cities, units, byId, matches, showDisabled, props.search]);

  // Cities start open, and open again when a search is cleared; a search opens the way to every match.
  const cityKeys = cities.map((c) => `${CITY_KEY}${c.id}`).join(',');
  useEffect(() => {
    if (matches) setExpanded(matchedAncestors);
    else setExpanded((current) => [...new Set([...(cityKeys ? cityKeys.split(',') : []), ...current])]);
  }, [matches, matchedAncestors, cityKeys]);
  // A unit selected from outside the tree (one just created) shows with its parents open.
  const selected = props.selectedKey ? byId.get(props.selectedKey) : undefined;
  useEffect(() => {
    if (selected) setExpanded((current) => [...new Set([...current, ...wayTo(selected, byId)])]);
  }, [selected, byId]);
  // A new selection is scrolled into view once it is rendered (its parents may open first).
  const box = useRef<HTMLDivElement>(null);
  const scrollPending = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: marks every change of the selection.
  useEffect(() => {
    scrollPending.current = true;
  }, [props.selectedKey]);
  useEffect(() => {
    if (!scrollPending.current) return;
    const node = box.current?.querySelector('.ant-tree-treenode-selected');
    if (!node) return;
    node.scrollIntoView({ block: 'nearest' });
    scrollPending.current = false;
  });

  if (props.loading && units.length === 0) return <Spin />;
  if (matches && treeData.length === 0) return <Empty description={t('admin.units.noMatch')} />;
  return (
    <div ref={box} style={{ maxHeight: 470, overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 6, padding: 8 }} data-testid="unit-tree">
      <Tree<TreeNode>
        blockNode
        // Hidden from screen readers: the tree item announces expanded or collapsed itself.
        switcherIcon={<CaretDownOutlined aria-hidden />}
        treeData={treeData}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys.map(String))}
        selectedKeys={props.selectedKey ? [props.selectedKey] : []}
        onSelect={(keys) => props.onSelect(keys[0] === undefined ? null : String(keys[0]))}
      />
    </div>
  );
}

function CityTitle({ city }: { city: City }) {
  return (
    <Typography.Text strong>
      <ApartmentOutlined aria-hidden /> {city.name}
    </Typography.Text>
  );
}

function UnitTitle({ unit, search }: { unit: Unit; search: string }) {
  const { t } = useI18n();
  return (
    <span>
      <span style={unit.disabled ? { color: COLORS.textSecondary } : undefined}>
        <Highlighted text={unit.name} search={search} />
      </span>{' '}
      <Tag bordered={false}>{t(`enum.unitType.${unit.type}`)}</Tag>
      {unit.disabled ? (
        <Tag icon={<StopOutlined aria-hidden />} color="default">
          {t('enum.userStatus.disabled')}
        </Tag>
      ) : null}
    </span>
  );
}

function CityDetail({ city, count, onAdd }: { city: City; count: number; onAdd(): void }) {
  const { t } = useI18n();
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {city.name}
      </Typography.Title>
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: 'code', label: t('admin.units.cityCode'), children: city.code },
          { key: 'count', label: t('admin.units.cityUnits'), children: t('admin.units.unitCount', { count }) },
        ]}
      />
      <Button type="primary" icon={<PlusOutlined aria-hidden />} style={{ marginTop: 16 }} onClick={onAdd}>
        {t('admin.units.createIn', { city: city.name })}
      </Button>
    </div>
  );
}

function HeadUserName({ userId }: { userId: string }) {
  const head = useApi(() => call(client.GET('/api/v1/users/{id}', { params: { path: { id: userId } } })), [userId]);
  if (head.loading) return <Spin size="small" />;
  return head.data ? <NameWithCode name={head.data.displayName} code={head.data.username} kind="username" /> : <>—</>;
}

function UnitDetail(props: { unit: Unit; city: City | null; parent: Unit | null; onEdit(): void; onMove(): void; onAddChild(): void; onChanged(): void }) {
  const { lang, t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const { unit } = props;
  const [error, setError] = useState<ApiError | null>(null);

  async function setDisabled(disabled: boolean) {
    setError(null);
    try {
      await call(client.PATCH('/api/v1/units/{id}', { params: { path: { id: unit.id } }, body: { disabled } }));
      message.success(t(disabled ? 'admin.units.disabledDone' : 'admin.units.enabledDone', { name: unit.name }));
      props.onChanged();
    } catch (cause) {
      setError(asApiError(cause));
    }
  }

  const confirmDisable = () =>
    modal.confirm({
      title: t('admin.units.disableTitle', { name: unit.name }),
      content: t('admin.units.disableHint'),
      okText: t('admin.units.disableOk'),
      okButtonProps: { danger: true },
      cancelText: t('admin.cancel'),
      onOk: () => setDisabled(true),
    });

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 12, marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {unit.name}
        </Typography.Title>
        <Space wrap size={8} style={{ justifyContent: 'flex-end' }}>
          <Button onClick={props.onEdit}>{t('admin.units.edit')}</Button>
          <Button onClick={props.onMove}>{t('admin.units.move')}</Button>
          {unit.disabled ? (
            <Button onClick={() => void setDisabled(false)}>{t('admin.units.enable')}</Button>
          ) : (
            <>
              <Button onClick={props.onAddChild}>{t('admin.units.addChild')}</Button>
              <Button danger onClick={confirmDisable}>
                {t('admin.units.disable')}
              </Button>
            </>
          )}
        </Space>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { width: 180 } }}
        data-testid="unit-detail"
        items={[
          { key: 'name', label: t('admin.units.name'), children: unit.name },
          { key: 'short', label: t('admin.units.shortName'), children: unit.shortName ?? '—' },
          { key: 'type', label: t('admin.units.type'), children: t(`enum.unitType.${unit.type}`) },
          { key: 'city', label: t('admin.units.city'), children: props.city?.name ?? '—' },
          { key: 'parent', label: t('admin.units.parent'), children: props.parent?.name ?? t('admin.units.noParent') },
          { key: 'admin', label: t('admin.units.adminCode'), children: unit.adminCode ?? '—' },
          { key: 'credit', label: t('admin.units.creditCode'), children: unit.creditCode ?? '—' },
          { key: 'head', label: t('admin.units.head'), children: unit.headUserId ? <HeadUserName userId={unit.headUserId} /> : t('admin.units.noHead') },
          { key: 'sort', label: t('admin.units.sortOrder'), children: unit.sortOrder },
          {
            key: 'status',
            label: t('admin.units.status'),
            children: unit.disabled ? (
              <Tag icon={<StopOutlined aria-hidden />}>{t('enum.userStatus.disabled')}</Tag>
            ) : (
              <Tag color="success">{t('admin.units.active')}</Tag>
            ),
          },
          { key: 'updated', label: t('admin.units.updatedAt'), children: formatDateTime(unit.updatedAt, lang) },
        ]}
      />
    </div>
  );
}

interface UnitFormValues {
  cityId: string;
  parentId?: string;
  name: string;
  shortName?: string;
  type: UnitType;
  adminCode?: string;
  creditCode?: string;
  sortOrder?: number | null;
  headUserId?: string;
}

const UNIT_FIELDS = new Set(['cityId', 'parentId', 'name', 'shortName', 'type', 'adminCode', 'creditCode', 'sortOrder', 'headUserId']);

function UnitEditor(props: { editing: Editing; cities: City[]; units: Unit[]; onClose(): void; onSaved(unit: Unit): void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const { editing } = props;
  const editingUnit = editing.mode === 'edit' ? editing.unit : null;
  const [form] = Form.useForm<UnitFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const cityId = Form.useWatch('cityId', form) ?? (editing.mode === 'create' ? editing.cityId : editing.unit.cityId);
  const type = Form.useWatch('type', form);

  const initialValues: Partial<UnitFormValues> = editingUnit
    ? {
        cityId: editingUnit.cityId,
        name: editingUnit.name,
        shortName: editingUnit.shortName ?? undefined,
        type: editingUnit.type,
        adminCode: editingUnit.adminCode ?? undefined,
        creditCode: editingUnit.creditCode ?? undefined,
        sortOrder: editingUnit.sortOrder,
        headUserId: editingUnit.headUserId ?? undefined,
      }
    : {
        cityId: editing.mode === 'create' ? editing.cityId : undefined,
        parentId: editing.mode === 'create' ? (editing.parentId ?? undefined) : undefined,
        type: 'department',
      };

  const heads = useApi(
    async () =>
      editingUnit ? (await call(client.GET('/api/v1/users', { params: { query: { unitId: editingUnit.id, status: 'active', pageSize: 200 } } }))).items : [],
    [editingUnit?.id],
  );

  async function submit(values: UnitFormValues) {
    setSubmitting(true);
    setProblem(null);
    const adminCode = TYPES_WITH_ADMIN_CODE.has(values.type) ? values.adminCode?.trim() || null : null;
    const common = {
      name: values.name,
      shortName: values.shortName?.trim() || null,
      type: values.type,
      adminCode,
      creditCode: values.creditCode?.trim() || null,
      sortOrder: values.sortOrder ?? 0,
    };
    try {
      const unit = editingUnit
        ? await call(
            client.PATCH('/api/v1/units/{id}', {
              params: { path: { id: editingUnit.id } },
              body: { ...common, headUserId: values.headUserId ?? null },
            }),
          )
        : await call(client.POST('/api/v1/units', { body: { ...common, cityId: values.cityId, parentId: values.parentId ?? null } }));
      message.success(t(editingUnit ? 'admin.units.saved' : 'admin.units.created', { name: unit.name }));
      props.onSaved(unit);
    } catch (cause) {
      const error = asApiError(cause);
      const unplaced = showFieldErrors(form, error, lang, (field) => (UNIT_FIELDS.has(field) ? field : null));
      if (unplaced.length > 0 || error.details.length === 0) setProblem({ error, unplaced });
    } finally {
      setSubmitting(false);
    }
  }

  const title = editingUnit ? t('admin.units.editTitle', { name: editingUnit.name }) : t('admin.units.createTitle');
  return (
    <Drawer
      open
      title={title}
      width={560}
      onClose={props.onClose}
      destroyOnHidden
      footer={<DrawerFooter problem={problem} submitting={submitting} submitLabel={t('admin.save')} onCancel={props.onClose} onSubmit={() => form.submit()} />}
    >
      <Form<UnitFormValues> form={form} name="unit-form" layout="vertical" initialValues={initialValues} onFinish={submit} disabled={submitting}>
        {editingUnit ? null : (
          <>
            <Form.Item label={t('admin.units.city')} name="cityId" rules={[{ required: true, message: t('admin.units.cityRequired') }]}>
              <Select options={props.cities.map((c) => ({ value: c.id, label: c.name }))} onChange={() => form.setFieldValue('parentId', undefined)} />
            </Form.Item>
            <Form.Item label={t('admin.units.parent')} name="parentId" extra={t('admin.units.parentHint')}>
              <TreeSelect
                allowClear
                showSearch
                treeNodeFilterProp="title"
                placeholder={t('admin.units.noParent')}
                treeData={unitOptions(props.units, { cityId })}
                treeDefaultExpandAll
              />
            </Form.Item>
          </>
        )}
        <Form.Item label={t('admin.units.name')} name="name" rules={[{ required: true, whitespace: true, message: t('admin.units.nameRequired') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('admin.units.shortName')} name="shortName">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t('admin.units.type')} name="type" rules={[{ required: true, message: t('admin.units.typeRequired') }]}>
          <Select options={UNIT_TYPES.map((value) => ({ value, label: t(`enum.unitType.${value}`) }))} />
        </Form.Item>
        {type && TYPES_WITH_ADMIN_CODE.has(type) ? (
          <Form.Item
            label={t('admin.units.adminCode')}
            name="adminCode"
            extra={t('admin.units.adminCodeHint', { code: props.cities.find((c) => c.id === cityId)?.code ?? '' })}
          >
            <Input maxLength={6} inputMode="numeric" />
          </Form.Item>
        ) : null}
        <Form.Item label={t('admin.units.creditCode')} name="creditCode" extra={t('admin.units.creditCodeHint')}>
          <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Form.Item label={t('admin.units.sortOrder')} name="sortOrder" extra={t('admin.units.sortOrderHint')}>
          <NumberInput min={0} max={1_000_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        {editingUnit ? (
          <Form.Item label={t('admin.units.head')} name="headUserId" extra={t('admin.units.headHint')}>
            <Select
              allowClear
              loading={heads.loading}
              placeholder={t('admin.units.noHead')}
              options={(heads.data ?? []).map((u) => ({ value: u.id, label: t('admin.nameWithCode', { name: u.displayName, code: u.username }) }))}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Drawer>
  );
}

function MoveUnit(props: { unit: Unit; city: City | null; units: Unit[]; onClose(): void; onMoved(): void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ parentId?: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);

  async function submit(values: { parentId?: string }) {
    setSubmitting(true);
    setProblem(null);
    try {
      await call(client.PATCH('/api/v1/units/{id}', { params: { path: { id: props.unit.id } }, body: { parentId: values.parentId ?? null } }));
      message.success(t('admin.units.moved', { name: props.unit.name }));
      props.onMoved();
    } catch (cause) {
      const error = asApiError(cause);
      const unplaced = showFieldErrors(form, error, lang, (field) => (field === 'parentId' ? field : null));
      if (unplaced.length > 0 || error.details.length === 0) setProblem({ error, unplaced });
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open
      title={t('admin.units.moveTitle', { name: props.unit.name })}
      okText={t('admin.units.moveOk')}
      cancelText={t('admin.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form form={form} name="unit-move" layout="vertical" initialValues={{ parentId: props.unit.parentId ?? undefined }} onFinish={submit}>
        <Form.Item label={t('admin.units.newParent')} name="parentId" extra={t('admin.units.moveHint', { city: props.city?.name ?? '' })}>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('admin.units.noParent')}
            treeData={unitOptions(props.units, { cityId: props.unit.cityId, exclude: props.unit.id })}
            treeDefaultExpandAll
          />
        </Form.Item>
        {problem ? <FormProblems error={problem.error} unplaced={problem.unplaced} /> : null}
      </Form>
    </Modal>
  );
}
