import sanitizeHtml from 'sanitize-html';

/** The tags minutes may keep: structure and emphasis, nothing that loads, links or runs anything. */
export const MINUTES_TAGS = [
  'p',
  'h2',
  'h3',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'u',
  'br',
  'blockquote',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
] as const;

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...MINUTES_TAGS],
  // No attribute on any tag: no event handlers, styles, classes or links survive.
  allowedAttributes: {},
  allowedSchemes: [],
  allowProtocolRelative: false,
  // A tag outside the list goes, its text stays (a pasted <a> or <span> keeps its words);
  // script, style and the like go with their content.
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title', 'head'],
  // Browsers' editors write <b>/<i>; they mean the same as the kept tags.
  transformTags: { b: 'strong', i: 'em', h1: 'h2', h4: 'h3', h5: 'h3', h6: 'h3', div: 'p' },
};

/** The minutes as they are stored: only the allow-listed tags, without attributes, with empty edges trimmed. */
export function sanitizeMinutes(html: string): string {
  const clean = sanitizeHtml(html, SANITIZE_OPTIONS).trim();
  // An editor's empty document (`<p><br></p>`) is no minutes at all.
  return /^(<p>(\s|<br \/>)*<\/p>\s*)*$/.test(clean) ? '' : clean;
}
