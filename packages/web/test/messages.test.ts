import { describe, expect, it } from 'vitest';
import { messages } from '../src/i18n/messages.js';

// What the screens say points to what is on the screen: an office clerk has no terminal and calls
// no API, so no message names a command or a route.
const COMMAND_OR_ROUTE = /npx |duikou [a-z]|\/api\/v1|\b(GET|POST|PUT|PATCH|DELETE) \//;

describe('messages', () => {
  it('name no command and no API route, in either language', () => {
    const offending = Object.entries(messages).flatMap(([key, text]) =>
      (['zh', 'en'] as const).filter((lang) => COMMAND_OR_ROUTE.test(text[lang])).map((lang) => `${key} (${lang}): ${text[lang]}`),
    );
    expect(offending).toEqual([]);
  });
});
