import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGISTRIES, ROLE_LABELS, SCOPE_LABELS, TASK_STATUS_LABELS, UNIT_TYPE_LABELS } from '@duikou/domain';
import { describe, expect, it } from 'vitest';
import { auditActionKey, ENUM_LABELS } from '../src/i18n/enums.js';
import { messages } from '../src/i18n/messages.js';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const DICTIONARY = join(SRC, 'i18n', 'enums.ts');

/**
 * Enums of the API that no screen shows as a word: machine codes, switches and column mappings, each with
 * the reason it needs no label. Anything else the server sends must have its words in the dictionary.
 */
const NOT_SHOWN: Record<string, string> = {
  'embedded,postgres': 'the health check’s database engine, read by operators only',
  'false,true': 'boolean query switches',
  'TEAM_IMPOSSIBLE,UNKNOWN_GRADE': 'draw problem codes; the screen shows the server’s sentence',
  'chain_broken,hash_mismatch,head_mismatch,head_missing,tail_missing': 'audit chain failures, explained by a whole sentence each (admin.audit.reason.*)',
  'adminCode,city,creditCode,date,decimal,integer,option,options,record,text,unit,units': 'registry field types, which pick the input widget',
  'bod5,cod,codmn,do,nh3n,ph,tn,tp': 'water quality items, named by the standard’s table in the domain',
  'bod5,cod,codmn,do,ignore,nh3n,ph,sampledAt,section,tn,tp': 'water sample import columns, named by the file’s own headers',
  compliance: 'one-value discriminator of a water rule (its words are waterRule)',
  index: 'one-value discriminator of a water rule (its words are waterRule)',
};

function serverEnums(): string[][] {
  const openapi: unknown = JSON.parse(readFileSync(join(SRC, 'api', 'openapi.json'), 'utf8'));
  const found = new Map<string, string[]>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const values = (node as { enum?: unknown }).enum;
      if (Array.isArray(values) && values.every((v) => typeof v === 'string')) {
        const sorted = [...values].sort();
        found.set(sorted.join(','), sorted);
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(openapi);
  return [...found.values()];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The groups whose words name a state or a kind of record: a page that spells one of them on its own forks the vocabulary. */
const STATE_GROUPS = [
  'taskStatus',
  'light',
  'reportStatus',
  'supervisionStatus',
  'meetingStatus',
  'planVersionStatus',
  'inspectionPlanStatus',
  'inspectionStatus',
  'inspectionOutcome',
  'userStatus',
  'unitRoleOnTask',
  'role',
  'waterWarningKind',
  'waterVerdict',
] as const satisfies readonly (keyof typeof ENUM_LABELS)[];

/** Words once used on some screen for a value that now has another word in the dictionary. */
const RETIRED = ['已采纳', '未开始', '进行中', '已延期', '已提交'];

describe('the dictionary of enum words (src/i18n/enums.ts)', () => {
  it('has a Chinese and an English word for every value of every enum the server sends', () => {
    const groups = Object.values(ENUM_LABELS) as Record<string, { zh: string; en: string }>[];
    const registryTypes = new Set(REGISTRIES.map((d) => d.type));
    const unlabelled: string[] = [];
    for (const codes of serverEnums()) {
      const key = codes.join(',');
      // A registry record's audit actions carry its kind and are named once for every kind.
      const values = [...new Set(codes.map(auditActionKey))];
      if (key in NOT_SHOWN) continue;
      // The kinds of registry record are named by their declarations, which the API sends with them.
      if (values.every((v) => registryTypes.has(v))) continue;
      const group = groups.find((g) => values.every((v) => v in g));
      if (!group) unlabelled.push(key);
      else for (const v of values) expect(group[v]?.zh && group[v]?.en, `${key}: ${v}`).toBeTruthy();
    }
    expect(unlabelled).toEqual([]);
  });

  it('names every audit action and kind of record the server records (its list, audit.actions.ts, in the OpenAPI document)', () => {
    const openapi = JSON.parse(readFileSync(join(SRC, 'api', 'openapi.json'), 'utf8')) as {
      paths: Record<string, { get: { parameters: { name: string; schema: { enum?: string[] } }[] } }>;
    };
    const parameters = openapi.paths['/api/v1/audit']!.get.parameters;
    const actions = parameters.find((p) => p.name === 'action')!.schema.enum!;
    const entities = parameters.find((p) => p.name === 'entityType')!.schema.enum!;
    expect(actions).toContain('registry.project.create');
    expect(actions.map(auditActionKey).filter((code) => !(code in ENUM_LABELS.auditAction))).toEqual([]);
    expect(entities.filter((code) => !(code in ENUM_LABELS.auditEntity))).toEqual([]);
    // And nothing the server never records.
    expect(Object.keys(ENUM_LABELS.auditAction).filter((code) => !actions.map(auditActionKey).includes(code))).toEqual([]);
  });

  it('uses the domain’s words where the domain names the values too (exports, imports, server messages)', () => {
    expect(ENUM_LABELS.taskStatus).toEqual(TASK_STATUS_LABELS);
    expect(ENUM_LABELS.unitType).toEqual(UNIT_TYPE_LABELS);
    expect(ENUM_LABELS.role).toEqual(ROLE_LABELS);
    expect(ENUM_LABELS.scope).toEqual(SCOPE_LABELS);
  });

  it('is the only place a page takes a state word from', () => {
    const words = new Map<string, string>();
    for (const group of STATE_GROUPS) for (const [value, label] of Object.entries(ENUM_LABELS[group])) words.set(label.zh, `${group}.${value}`);
    for (const word of RETIRED) words.set(word, 'a retired word');
    const offences: string[] = [];
    for (const file of sourceFiles(SRC)) {
      if (file === DICTIONARY) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(['"`])([^'"`\n]*)\1|>([^<>{}\n]+)</g)) {
        const literal = (match[2] ?? match[3] ?? '').trim();
        if (words.has(literal)) offences.push(`${relative(SRC, file)}: '${literal}' (${words.get(literal)})`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('leaves no message key of its own for an enum value', () => {
    const values = new Set(Object.values(ENUM_LABELS).flatMap((g) => Object.keys(g)));
    const enumLike =
      /\.(status|state|light|kind|linkKind|role|scope|type|unitType|outcome|group|rule|computation|aggregate|op|period|verdict|supervision)\.([A-Za-z_]+)$/;
    const duplicates = Object.keys(messages).filter((key) => {
      if (key.startsWith('enum.')) return false;
      const match = enumLike.exec(key) ?? /^(status|light|role|unitType)\.([A-Za-z_]+)$/.exec(key);
      return match !== null && values.has(match[2] as string);
    });
    expect(duplicates).toEqual([]);
  });
});
