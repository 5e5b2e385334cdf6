/**
 * Password policy for local accounts.
 *
 * A password must be 10–128 characters long (counted in Unicode code points), use at least
 * 3 of the 4 character classes (lower-case ASCII letter, upper-case ASCII letter, ASCII digit,
 * anything else — punctuation, spaces, CJK …), and must not contain the username
 * (case-insensitive) when the username is at least 3 characters long.
 */

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_MIN_CLASSES = 3;
/** Usernames shorter than this are not searched for inside the password. */
export const PASSWORD_USERNAME_MIN_LENGTH = 3;

export type PasswordCharacterClass = 'lowercase' | 'uppercase' | 'digit' | 'other';

export type PasswordProblem = 'too_short' | 'too_few_classes' | 'too_long' | 'contains_username';

/** Human-readable messages for each problem (Chinese UI text). */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`,
  too_long: `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`,
  too_few_classes: `密码须包含小写字母、大写字母、数字、其他符号中的至少 ${PASSWORD_MIN_CLASSES} 类`,
  contains_username: '密码不能包含用户名',
};

function classOf(ch: string): PasswordCharacterClass {
  if (ch >= 'a' && ch <= 'z') return 'lowercase';
  if (ch >= 'A' && ch <= 'Z') return 'uppercase';
  if (ch >= '0' && ch <= '9') return 'digit';
  return 'other';
}

/** The distinct character classes used in `password`. */
export function passwordCharacterClasses(password: string): Set<PasswordCharacterClass> {
  const classes = new Set<PasswordCharacterClass>();
  for (const ch of password) classes.add(classOf(ch));
  return classes;
}

/**
 * Checks `password` against the policy. Problems are reported in the order
 * too_long → too_short → too_few_classes → contains_username.
 */
export function checkPassword(password: string, username?: string): { ok: true } | { ok: false; problem: PasswordProblem } {
  const length = [...password].length;
  if (length > PASSWORD_MAX_LENGTH) return { ok: false, problem: 'too_long' };
  if (length < PASSWORD_MIN_LENGTH) return { ok: false, problem: 'too_short' };
  if (passwordCharacterClasses(password).size < PASSWORD_MIN_CLASSES) {
    return { ok: false, problem: 'too_few_classes' };
  }
  if (username !== undefined) {
    const name = username.trim().toLowerCase();
    if ([...name].length >= PASSWORD_USERNAME_MIN_LENGTH && password.toLowerCase().includes(name)) {
      return { ok: false, problem: 'contains_username' };
    }
  }
  return { ok: true };
}
