import { DeleteOutlined, LockOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Checkbox, Drawer, Form, Input, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { type ApiError, call, client, type Schemas } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FilterBar } from '../../components/FilterBar.js';
import { Select, TreeSelect } from '../../components/Select.js';
import { useApi } from '../../components/useApi.js';
import { formatDateTime, formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { useCurrentSession } from '../../session/session.js';
import { type Pair, useShell } from '../../shell/pair.js';
import { AdminSectionGuard } from '../AdminPage.js';
import { asApiError, DrawerFooter, type FormProblem, showFieldErrors, type Unit, type User, unitOptions, usePairUnits } from './shared.js';

type Role = User['roles'][number]['role'];
type Scope = User['roles'][number]['scope'];
type RoleAssignment = Schemas['User']['roles'][number];
type RoleInput = paths['/api/v1/users/{id}/roles']['put']['requestBody']['content']['application/json']['roles'][number];

const PAGE_SIZE = 20;
const ROLES: Role[] = ['system_admin', 'office_admin', 'unit_reporter', 'viewer', 'external'];
const STATUSES: User['status'][] = ['active', 'disabled'];

/**
 * The scopes each role may have, as the server's domain rules define them (roles.ts,
 * ROLE_ALLOWED_SCOPES); the server refuses any other combination with a field error.
 */
const ROLE_SCOPES: Record<Role, Scope[]> = {
  system_admin: ['all'],
  office_admin: ['all', 'city'],
  unit_reporter: ['unit_tree', 'unit', 'self'],
  viewer: ['all', 'city', 'unit_tree'],
  external: ['self'],
};

/** The pair option meaning "every pair of the deployment" (a system administrator without a pair). */
const WHOLE_DEPLOYMENT = 'deployment';

export function UsersPage() {
  return (
    <AdminSectionGuard path="users">
      <Users />
    </AdminSectionGuard>
  );
}

interface Directory {
  pairs: Pair[];
  units: Unit[];
  unitsById: Map<string, Unit>;
}

function useDirectory(): Directory & { unitsError: ApiError | undefined; reloadUnits(): void } {
  const { pair, pairs } = useShell();
  const units = usePairUnits(pair?.id);
  const list = units.data ?? [];
  const unitsById = useMemo(() => new Map(list.map((u) => [u.id, u])), [list]);
  return { pairs, units: list, unitsById, unitsError: units.error, reloadUnits: units.reload };
}

/** `单位填报员 · 本单位（赣州市教育局）`: the role, its scope and what the scope is anchored to. */
function RoleTag({ role, directory }: { role: RoleAssignment; directory: Directory }) {
  const { t } = useI18n();
  let anchor: string | null = null;
  if (role.scope === 'all') anchor = role.pairId ? (directory.pairs.find((p) => p.id === role.pairId)?.name ?? null) : t('admin.users.wholeDeploymentShort');
  else if (role.scope === 'city') anchor = directory.pairs.flatMap((p) => p.cities).find((c) => c.id === role.cityId)?.name ?? null;
  else if (role.scope === 'unit' || role.scope === 'unit_tree') anchor = role.unitId ? (directory.unitsById.get(role.unitId)?.name ?? null) : null;
  return (
    <Tag>
      {t(`enum.role.${role.role}`)} · {t(`enum.scope.${role.scope}`)}
      {anchor ? t('admin.inParentheses', { text: anchor }) : ''}
    </Tag>
  );
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'roles'; user: User }
  | { kind: 'password'; username: string; password: string; reset: boolean };

function Users() {
  const { lang, t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const session = useCurrentSession();
  const directory = useDirectory();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<string | undefined>();
  const [role, setRole] = useState<Role | undefined>();
  const [status, setStatus] = useState<User['status'] | undefined>();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);

  // Not filtered by pair: the server's pair filter goes through the unit, and users without a unit
  // (leaders, administrators) would disappear. The session's scope still applies.
  const users = useApi(
    () => call(client.GET('/api/v1/users', { params: { query: { page, pageSize: PAGE_SIZE, q: q || undefined, unitId, role, status } } })),
    [page, q, unitId, role, status],
    { live: 'pair' },
  );
  const filtered =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPage(1);
    };

  async function setUserStatus(user: User, next: User['status']) {
    setActionError(null);
    try {
      await call(client.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { status: next } }));
      message.success(t(next === 'disabled' ? 'admin.users.disabledDone' : 'admin.users.enabledDone', { name: user.displayName }));
      users.reload();
    } catch (cause) {
      setActionError(asApiError(cause));
    }
  }

  const confirmDisable = (user: User) =>
    modal.confirm({
      title: t('admin.users.disableTitle', { name: user.displayName, username: user.username }),
      content: t('admin.users.disableHint'),
      okText: t('admin.users.disableOk'),
      okButtonProps: { danger: true },
      cancelText: t('admin.cancel'),
      onOk: () => setUserStatus(user, 'disabled'),
    });

  const confirmReset = (user: User) =>
    modal.confirm({
      title: t('admin.users.resetTitle', { name: user.displayName, username: user.username }),
      content: t('admin.users.resetHint'),
      okText: t('admin.users.resetOk'),
      cancelText: t('admin.cancel'),
      onOk: async () => {
        setActionError(null);
        try {
          const result = await call(client.POST('/api/v1/users/{id}/reset-password', { params: { path: { id: user.id } }, body: {} }));
          if (result.temporaryPassword) setDialog({ kind: 'password', username: user.username, password: result.temporaryPassword, reset: true });
          users.reload();
        } catch (cause) {
          setActionError(asApiError(cause));
        }
      },
    });

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 16, marginBottom: 16 }}>
        <FilterBar active={[q || undefined, unitId, role, status].filter((value) => value !== undefined).length}>
          <Form layout="inline" name="user-filters" style={{ rowGap: 8 }}>
            <Form.Item label={t('admin.users.search')} htmlFor="user-q">
              <Input.Search
                id="user-q"
                allowClear
                placeholder={t('admin.users.searchPlaceholder')}
                onSearch={(value) => filtered(setQ)(value.trim())}
                style={{ width: 200 }}
              />
            </Form.Item>
            <Form.Item label={t('admin.users.filterUnit')} htmlFor="user-unit">
              <TreeSelect
                id="user-unit"
                allowClear
                showSearch
                treeNodeFilterProp="title"
                placeholder={t('admin.all')}
                value={unitId}
                onChange={filtered(setUnitId)}
                treeData={unitOptions(directory.units)}
                style={{ width: 220 }}
                popupMatchSelectWidth={320}
              />
            </Form.Item>
            <Form.Item label={t('admin.users.filterRole')} htmlFor="user-role">
              <Select<Role>
                id="user-role"
                allowClear
                placeholder={t('admin.all')}
                value={role}
                onChange={filtered(setRole)}
                options={ROLES.map((r) => ({ value: r, label: t(`enum.role.${r}`) }))}
                style={{ width: 150 }}
              />
            </Form.Item>
            <Form.Item label={t('admin.users.filterStatus')} htmlFor="user-status">
              <Select<User['status']>
                id="user-status"
                allowClear
                placeholder={t('admin.all')}
                value={status}
                onChange={filtered(setStatus)}
                options={STATUSES.map((s) => ({ value: s, label: t(`enum.userStatus.${s}`) }))}
                style={{ width: 110 }}
              />
            </Form.Item>
          </Form>
        </FilterBar>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDialog({ kind: 'create' })}>
          {t('admin.users.create')}
        </Button>
      </div>
      {directory.unitsError ? <ErrorAlert error={directory.unitsError} onRetry={directory.reloadUnits} /> : null}
      {users.error ? <ErrorAlert error={users.error} onRetry={users.reload} /> : null}
      {actionError ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={actionError} />
        </div>
      ) : null}
      <DataTable<User>
        rowKey="id"
        size="middle"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        locale={{ emptyText: t('admin.users.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: users.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total: formatNumber(total) }),
          onChange: setPage,
        }}
        columns={[
          { title: t('admin.colUsername'), dataIndex: 'username', width: 130, render: (username: string) => <span translate="no">{username}</span> },
          { title: t('admin.colDisplayName'), dataIndex: 'displayName', width: 120 },
          { title: t('admin.colUnit'), dataIndex: 'unitName', render: (name: string | null) => name ?? '—' },
          {
            title: t('admin.users.colRoles'),
            key: 'roles',
            render: (_, user) => (
              <Space size={[4, 4]} wrap>
                {user.roles.map((r) => (
                  <RoleTag key={r.id} role={r} directory={directory} />
                ))}
              </Space>
            ),
          },
          {
            title: t('admin.colStatus'),
            key: 'status',
            width: 90,
            render: (_, user) =>
              user.status === 'disabled' ? (
                <Tag icon={<StopOutlined aria-hidden />}>{t('enum.userStatus.disabled')}</Tag>
              ) : user.lockedUntil && new Date(user.lockedUntil) > new Date() ? (
                <Tag icon={<LockOutlined aria-hidden />} color="warning">
                  {t('admin.userLocked')}
                </Tag>
              ) : (
                <Tag color="success">{t('enum.userStatus.active')}</Tag>
              ),
          },
          {
            title: t('admin.colLastLogin'),
            dataIndex: 'lastLoginAt',
            width: 170,
            render: (at: string | null) => (at ? formatDateTime(at, lang) : t('admin.never')),
          },
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 170,
            render: (_, user) => (
              <Space size={[0, 0]} wrap>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user })}>
                  {t('admin.users.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'roles', user })}>
                  {t('admin.users.roles')}
                </Button>
                <Button type="link" size="small" onClick={() => confirmReset(user)}>
                  {t('admin.users.resetPassword')}
                </Button>
                {user.status === 'active' ? (
                  <Button type="link" size="small" danger disabled={user.id === session.user.id} onClick={() => confirmDisable(user)}>
                    {t('admin.users.disable')}
                  </Button>
                ) : (
                  <Button type="link" size="small" onClick={() => void setUserStatus(user, 'active')}>
                    {t('admin.users.enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {dialog?.kind === 'create' || dialog?.kind === 'edit' ? (
        <UserEditor
          user={dialog.kind === 'edit' ? dialog.user : null}
          directory={directory}
          onClose={() => setDialog(null)}
          onSaved={(user, initialPassword) => {
            users.reload();
            if (initialPassword) setDialog({ kind: 'password', username: user.username, password: initialPassword, reset: false });
            else {
              setDialog(null);
              message.success(t('admin.users.saved', { name: user.displayName }));
            }
          }}
        />
      ) : null}
      {dialog?.kind === 'roles' ? (
        <RolesEditor
          user={dialog.user}
          directory={directory}
          onClose={() => setDialog(null)}
          onSaved={(user) => {
            setDialog(null);
            message.success(t('admin.users.rolesSaved', { name: user.displayName }));
            users.reload();
          }}
        />
      ) : null}
      {dialog?.kind === 'password' ? (
        <OneTimePassword username={dialog.username} password={dialog.password} reset={dialog.reset} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

/** A generated password, shown this once: the server keeps only its hash. */
function OneTimePassword({ username, password, reset, onClose }: { username: string; password: string; reset: boolean; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Modal
      open
      title={t(reset ? 'admin.users.resetDoneTitle' : 'admin.users.createdTitle', { username })}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('admin.users.passwordNoted')}
        </Button>
      }
    >
      <Alert type="warning" showIcon message={t('admin.users.passwordOnce')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>
        {t('admin.users.passwordFor', { username })}
        <br />
        <Typography.Text code copyable={{ text: password }} style={{ fontSize: 18 }} data-testid="one-time-password">
          {password}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('admin.users.passwordMustChange')}</Typography.Paragraph>
    </Modal>
  );
}

interface RoleRow {
  role: Role;
  scope: Scope;
  pairId?: string;
  cityId?: string;
  unitId?: string;
}

function toRoleRow(role: RoleAssignment): RoleRow {
  return {
    role: role.role,
    scope: role.scope,
    pairId: role.scope === 'all' ? (role.pairId ?? WHOLE_DEPLOYMENT) : undefined,
    cityId: role.cityId ?? undefined,
    unitId: role.unitId ?? undefined,
  };
}

/** Only the anchor the scope needs goes to the server. */
function toRoleInput(row: RoleRow): RoleInput {
  switch (row.scope) {
    case 'all':
      return { role: row.role, scope: 'all', pairId: row.pairId === WHOLE_DEPLOYMENT || !row.pairId ? null : row.pairId };
    case 'city':
      return { role: row.role, scope: 'city', cityId: row.cityId ?? null };
    case 'unit_tree':
    case 'unit':
      return { role: row.role, scope: row.scope, unitId: row.unitId ?? null };
    case 'self':
      return { role: row.role, scope: 'self' };
  }
}

/** `roles.0` (a grant beyond the administrator's scope) is shown beside that row's role. */
function roleField(field: string): string | null {
  if (/^roles\.\d+$/.test(field)) return `${field}.role`;
  if (/^roles\.\d+\.(role|scope|pairId|cityId|unitId)$/.test(field)) return field;
  return null;
}

/** The role assignments of a user: role → the scopes the role may have → the pair, city or unit the scope needs. */
function RoleRows({ directory }: { directory: Directory }) {
  const { t } = useI18n();
  const { pair } = useShell();
  const form = Form.useFormInstance<{ roles?: RoleRow[] }>();
  const rows = Form.useWatch('roles', form) ?? [];
  return (
    <Form.List name="roles">
      {(fields, { add, remove }) => (
        <div>
          {fields.map((field, index) => {
            const row = rows[index];
            const role = row?.role;
            const scope = row?.scope;
            return (
              <fieldset
                key={field.key}
                style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '8px 12px 0', marginBottom: 12 }}
                data-testid="role-row"
              >
                <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', marginBottom: 0, border: 0 }}>
                  {t('admin.users.grantNo', { no: index + 1 })}
                </legend>
                <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start', flexWrap: 'wrap' }}>
                  <Form.Item
                    label={t('admin.users.role')}
                    name={[field.name, 'role']}
                    rules={[{ required: true, message: t('admin.users.roleRequired') }]}
                    style={{ width: 160 }}
                  >
                    <Select
                      options={ROLES.map((r) => ({ value: r, label: t(`enum.role.${r}`) }))}
                      onChange={(next: Role) => {
                        // A new role keeps the scope only if that role allows it.
                        const allowed = ROLE_SCOPES[next];
                        const keep = scope && allowed.includes(scope) ? scope : allowed[0];
                        form.setFieldValue(['roles', field.name, 'scope'], keep);
                      }}
                    />
                  </Form.Item>
                  <Form.Item
                    label={t('admin.users.scope')}
                    name={[field.name, 'scope']}
                    rules={[{ required: true, message: t('admin.users.scopeRequired') }]}
                    style={{ width: 130 }}
                  >
                    <Select options={(role ? ROLE_SCOPES[role] : []).map((s) => ({ value: s, label: t(`enum.scope.${s}`) }))} />
                  </Form.Item>
                  {scope === 'all' ? (
                    <Form.Item
                      label={t('admin.users.anchorPair')}
                      name={[field.name, 'pairId']}
                      rules={[{ required: true, message: t('admin.users.pairRequired') }]}
                      style={{ flex: 1, minWidth: 160 }}
                    >
                      <Select
                        options={[
                          ...directory.pairs.map((p) => ({ value: p.id, label: p.name })),
                          ...(role === 'system_admin' ? [{ value: WHOLE_DEPLOYMENT, label: t('admin.users.wholeDeployment') }] : []),
                        ]}
                      />
                    </Form.Item>
                  ) : scope === 'city' ? (
                    <Form.Item
                      label={t('admin.users.anchorCity')}
                      name={[field.name, 'cityId']}
                      rules={[{ required: true, message: t('admin.users.cityRequired') }]}
                      style={{ flex: 1, minWidth: 160 }}
                    >
                      <Select options={(pair?.cities ?? []).map((c) => ({ value: c.id, label: c.name }))} />
                    </Form.Item>
                  ) : scope === 'unit' || scope === 'unit_tree' ? (
                    <Form.Item
                      label={t('admin.users.anchorUnit')}
                      name={[field.name, 'unitId']}
                      rules={[{ required: true, message: t('admin.users.unitRequired') }]}
                      style={{ flex: 1, minWidth: 160 }}
                    >
                      <TreeSelect showSearch treeNodeFilterProp="title" treeData={unitOptions(directory.units)} popupMatchSelectWidth={360} />
                    </Form.Item>
                  ) : scope === 'self' ? (
                    <Typography.Text type="secondary" style={{ flex: 1, minWidth: 160, paddingTop: 34 }}>
                      {t('admin.users.selfHint')}
                    </Typography.Text>
                  ) : null}
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={t('admin.users.removeGrant', { no: index + 1 })}
                    onClick={() => remove(field.name)}
                    style={{ marginTop: 30 }}
                  />
                </div>
              </fieldset>
            );
          })}
          <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ role: 'unit_reporter', scope: 'unit' })}>
            {t('admin.users.addGrant')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

function PasswordRules() {
  const { t } = useI18n();
  return (
    <ul style={{ margin: '4px 0 8px', paddingInlineStart: 20 }}>
      <li>{t('password.policyLength')}</li>
      <li>{t('password.policyClasses')}</li>
      <li>{t('password.policyUsername')}</li>
    </ul>
  );
}

interface UserFormValues {
  username: string;
  displayName: string;
  unitId?: string;
  passwordMode: 'generate' | 'manual';
  password?: string;
  mustChangePassword: boolean;
  roles: RoleRow[];
}

const USER_FIELDS = new Set(['username', 'displayName', 'unitId', 'password']);

function UserEditor(props: { user: User | null; directory: Directory; onClose(): void; onSaved(user: User, initialPassword: string | null): void }) {
  const { lang, t } = useI18n();
  const { user, directory } = props;
  const [form] = Form.useForm<UserFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const passwordMode = Form.useWatch('passwordMode', form);

  async function submit(values: UserFormValues) {
    setSubmitting(true);
    setProblem(null);
    try {
      if (user) {
        const saved = await call(
          client.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { displayName: values.displayName, unitId: values.unitId ?? null } }),
        );
        props.onSaved(saved, null);
      } else {
        const manual = values.passwordMode === 'manual';
        const created = await call(
          client.POST('/api/v1/users', {
            body: {
              username: values.username,
              displayName: values.displayName,
              unitId: values.unitId ?? null,
              ...(manual ? { password: values.password ?? '' } : {}),
              mustChangePassword: manual ? values.mustChangePassword : true,
              roles: (values.roles ?? []).map(toRoleInput),
            },
          }),
        );
        props.onSaved(created.user, created.initialPassword);
      }
    } catch (cause) {
      const error = asApiError(cause);
      const unplaced = showFieldErrors(form, error, lang, (field) => (USER_FIELDS.has(field) ? field : roleField(field)));
      if (unplaced.length > 0 || error.details.length === 0 || error.status === 403) setProblem({ error, unplaced });
    } finally {
      setSubmitting(false);
    }
  }

  // A reporter's unit scope usually is the user's own unit: fill it in where no unit was chosen yet.
  function unitChosen(unitId: string | undefined) {
    if (!unitId || user) return;
    const rows = form.getFieldValue('roles') as RoleRow[] | undefined;
    if (!rows) return;
    form.setFieldValue(
      'roles',
      rows.map((row) => ((row.scope === 'unit' || row.scope === 'unit_tree') && !row.unitId ? { ...row, unitId } : row)),
    );
  }

  const initialValues: Partial<UserFormValues> = user
    ? { username: user.username, displayName: user.displayName, unitId: user.unitId ?? undefined }
    : { passwordMode: 'generate', mustChangePassword: true, roles: [{ role: 'unit_reporter', scope: 'unit' }] };

  return (
    <Drawer
      open
      title={user ? t('admin.users.editTitle', { username: user.username }) : t('admin.users.createTitle')}
      width={640}
      onClose={props.onClose}
      destroyOnHidden
      footer={
        <DrawerFooter
          problem={problem}
          submitting={submitting}
          submitLabel={user ? t('admin.save') : t('admin.users.createOk')}
          onCancel={props.onClose}
          onSubmit={() => form.submit()}
        />
      }
    >
      <Form<UserFormValues> form={form} name="user-form" layout="vertical" initialValues={initialValues} onFinish={submit} disabled={submitting}>
        <Form.Item
          label={t('admin.users.username')}
          name="username"
          extra={user ? undefined : t('admin.users.usernameHint')}
          rules={[{ required: true, whitespace: true, message: t('admin.users.usernameRequired') }]}
        >
          <Input maxLength={64} disabled={user !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('admin.users.displayName')}
          name="displayName"
          rules={[{ required: true, whitespace: true, message: t('admin.users.displayNameRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('admin.users.unit')} name="unitId" extra={t('admin.users.unitHint')}>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeData={unitOptions(directory.units)}
            onChange={unitChosen}
            popupMatchSelectWidth={400}
          />
        </Form.Item>
        {user ? null : (
          <>
            <Form.Item label={t('admin.users.passwordMode')} name="passwordMode">
              <Radio.Group
                options={[
                  { value: 'generate', label: t('admin.users.passwordGenerate') },
                  { value: 'manual', label: t('admin.users.passwordManual') },
                ]}
              />
            </Form.Item>
            {passwordMode === 'manual' ? (
              <>
                <Form.Item
                  label={t('admin.users.password')}
                  name="password"
                  rules={[{ required: true, message: t('password.newRequired') }]}
                  extra={<PasswordRules />}
                >
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
                <Form.Item name="mustChangePassword" valuePropName="checked">
                  <Checkbox>{t('admin.users.mustChange')}</Checkbox>
                </Form.Item>
              </>
            ) : (
              <Typography.Paragraph type="secondary">{t('admin.users.passwordGenerateHint')}</Typography.Paragraph>
            )}
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              {t('admin.users.rolesTitle')}
            </Typography.Title>
            <RoleRows directory={directory} />
          </>
        )}
      </Form>
    </Drawer>
  );
}

function RolesEditor(props: { user: User; directory: Directory; onClose(): void; onSaved(user: User): void }) {
  const { lang, t } = useI18n();
  const { user, directory } = props;
  const [form] = Form.useForm<{ roles: RoleRow[] }>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);

  async function submit(values: { roles?: RoleRow[] }) {
    setSubmitting(true);
    setProblem(null);
    try {
      const saved = await call(
        client.PUT('/api/v1/users/{id}/roles', { params: { path: { id: user.id } }, body: { roles: (values.roles ?? []).map(toRoleInput) } }),
      );
      props.onSaved(saved);
    } catch (cause) {
      const error = asApiError(cause);
      const unplaced = showFieldErrors(form, error, lang, roleField);
      if (unplaced.length > 0 || error.details.length === 0 || error.status === 403) setProblem({ error, unplaced });
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Drawer
      open
      title={t('admin.users.rolesDrawerTitle', { name: user.displayName, username: user.username })}
      width={640}
      onClose={props.onClose}
      destroyOnHidden
      footer={<DrawerFooter problem={problem} submitting={submitting} submitLabel={t('admin.save')} onCancel={props.onClose} onSubmit={() => form.submit()} />}
    >
      <Typography.Paragraph type="secondary">{t('admin.users.rolesHint')}</Typography.Paragraph>
      <Form form={form} name="user-roles" layout="vertical" initialValues={{ roles: user.roles.map(toRoleRow) }} onFinish={submit} disabled={submitting}>
        <RoleRows directory={directory} />
      </Form>
    </Drawer>
  );
}
