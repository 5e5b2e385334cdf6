import { describe, expect, it } from 'vitest';
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_CLASSES, PASSWORD_MIN_LENGTH, passwordCharacterClasses } from './password-policy.js';

describe('password policy constants', () => {
  it('has the agreed values', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(PASSWORD_MIN_CLASSES).toBe(3);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
  });
});

describe('checkPassword', () => {
  it.each([
    { password: 'Abcdefgh12', username: undefined, why: 'exactly 10 chars, 3 classes' },
    { password: 'abcdefgh1!', username: undefined, why: 'lower + digit + other' },
    { password: 'ABCDEFGH1!', username: undefined, why: 'upper + digit + other' },
    { password: 'Abcdefgh!!', username: undefined, why: 'lower + upper + other' },
    { password: 'Aa1!Aa1!Aa1!', username: undefined, why: 'all 4 classes' },
    { password: '对口合作abcdE12', username: undefined, why: 'CJK counts as other' },
    { password: `Abc ${'d'.repeat(124)}`, username: undefined, why: 'exactly 128 chars' },
    { password: 'Correct-Horse-9', username: 'li', why: 'username shorter than 3 is ignored' },
    { password: 'Correct-Horse-9', username: 'zhangsan', why: 'username not contained' },
    { password: 'Correct-Horse-9', username: '', why: 'empty username' },
  ])('accepts: $why', ({ password, username }) => {
    expect(checkPassword(password, username)).toEqual({ ok: true });
  });

  it.each([
    { password: '', username: undefined, problem: 'too_short', why: 'empty' },
    { password: 'Abcdefg1!', username: undefined, problem: 'too_short', why: '9 chars' },
    { password: '对口合作A1b!', username: undefined, problem: 'too_short', why: '8 code points' },
    { password: `Ab1${'x'.repeat(126)}`, username: undefined, problem: 'too_long', why: '129 chars' },
    { password: 'abcdefghijkl', username: undefined, problem: 'too_few_classes', why: 'lower only' },
    { password: 'abcdefgh12', username: undefined, problem: 'too_few_classes', why: 'lower + digit' },
    { password: 'ABCDEFGHij', username: undefined, problem: 'too_few_classes', why: 'upper + lower' },
    { password: '1234567890', username: undefined, problem: 'too_few_classes', why: 'digits only' },
    { password: '对口合作对口合作对口合作', username: undefined, problem: 'too_few_classes', why: 'CJK only' },
    { password: 'Zhangsan-2024', username: 'zhangsan', problem: 'contains_username', why: 'username, other case' },
    { password: 'xx-ADMIN-99x', username: 'admin', problem: 'contains_username', why: 'username inside' },
    { password: 'Ab1!-bob-xyz', username: 'BOB', problem: 'contains_username', why: '3-char username' },
    { password: 'Ab1!-bob-xyz', username: ' bob ', problem: 'contains_username', why: 'username trimmed' },
  ] as const)('rejects ($problem): $why', ({ password, username, problem }) => {
    expect(checkPassword(password, username)).toEqual({ ok: false, problem });
  });

  it('reports length before classes and classes before username', () => {
    expect(checkPassword('admin', 'admin')).toEqual({ ok: false, problem: 'too_short' });
    expect(checkPassword('adminadmin', 'admin')).toEqual({ ok: false, problem: 'too_few_classes' });
  });
});

describe('passwordCharacterClasses', () => {
  it.each([
    { password: 'aZ9!', classes: ['lowercase', 'uppercase', 'digit', 'other'] },
    { password: 'abc', classes: ['lowercase'] },
    { password: 'É中 ', classes: ['other'] },
    { password: '', classes: [] },
  ])('$password → $classes', ({ password, classes }) => {
    expect([...passwordCharacterClasses(password)].sort()).toEqual([...classes].sort());
  });
});
