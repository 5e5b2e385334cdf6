import { randomBytes, randomInt, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt N=2^15, r=8, p=3: one of the equivalent cost settings OWASP's Password Storage Cheat
// Sheet lists for scrypt (~0.25 s and 32 MiB per hash on the reference machine). The parameters
// are stored in each hash, so they can be raised later without invalidating existing passwords.
const COST = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;
const MAX_MEMORY = 128 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, n, r, p, salt, key] = stored.split('$');
  if (algorithm !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | null = null;
/** Spends the same time as a real check when the username is unknown, so timing does not reveal accounts. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('duikou-dummy-password');
  await verifyPassword(password, await dummyHash);
}

const GENERATED_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/** A random 16-character password (unbiased `randomInt`) that always has lower, upper, digit and symbol. */
export function generatePassword(): string {
  for (;;) {
    let body = '';
    for (let i = 0; i < 14; i++) body += GENERATED_ALPHABET[randomInt(GENERATED_ALPHABET.length)];
    const candidate = `${body}#${randomInt(10)}`;
    if (/[a-z]/.test(candidate) && /[A-Z]/.test(candidate)) return candidate;
  }
}
