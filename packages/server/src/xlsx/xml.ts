/*
 * A small streaming XML scanner for the parts of Office files: tags with their attributes, text
 * with its character references decoded, CDATA, comments and processing instructions skipped.
 * It does not check that the document is well formed (a reader takes what it needs and ignores
 * the rest) and refuses what it does not need to understand: a DTD (so no entity is ever
 * expanded), and any tag, comment or other markup longer than `maxMarkup` (which is also the most
 * it ever holds between two writes). Written for speed — a general SAX parser read
 * 4 MB/s here, and an inflated archive may reach the upload limit — with indexOf over the text.
 */

/** The attributes of the tag being opened, read on demand: most tags of a sheet need one or none. */
export interface Attributes {
  /** The value of the attribute of that local name (prefix ignored), decoded; undefined when absent. */
  get(name: string): string | undefined;
  /** The tag's attributes as written, for `attributeIn` later (a sheet's empty cells never need theirs). */
  readonly raw: string;
}

/** An attribute of a tag body kept from `Attributes.raw`. */
export function attributeIn(raw: string, name: string): string | undefined {
  const match = attributePattern(name).exec(raw);
  return match ? decode(match[1] ?? match[2] ?? '') : undefined;
}

export interface XmlHandlers {
  /** An opening (or empty-element) tag, by local name (prefix dropped). `attributes` is valid during the call only. */
  open?(name: string, attributes: Attributes): void;
  /** A closing tag, or the end of an empty-element tag, by local name. */
  close?(name: string): void;
  /** Text, decoded; one run of text may come in several calls. */
  text?(text: string): void;
}

export class XmlError extends Error {}

const ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);
const REFERENCE = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]+);/g;
const attributePatterns = new Map<string, RegExp>();

/** `name="value"` (or with single quotes, or a prefix such as `r:`) at the start of the tag body or after white space. */
function attributePattern(name: string): RegExp {
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)(?:[^\\s=:"']+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attributePatterns.set(name, pattern);
  }
  return pattern;
}

class TagAttributes implements Attributes {
  raw = '';
  get(name: string): string | undefined {
    return attributeIn(this.raw, name);
  }
}

/** The end of a tag's name: the first white space, '/' or the end. */
function nameEnd(body: string): number {
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x20 || c === 0x2f || c === 0x0a || c === 0x0d || c === 0x09) return i;
  }
  return body.length;
}

/** Text with the five predefined entities and character references decoded; anything else is kept as written. */
function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (match, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return ENTITIES.get(ref) ?? match;
  });
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

export class XmlScanner {
  private rest = '';
  private readonly attributes = new TagAttributes();

  constructor(
    private readonly handlers: XmlHandlers,
    private readonly maxMarkup: number,
  ) {}

  /** Scans `chunk` after whatever was left unfinished by the last write. */
  write(chunk: string): void {
    const s = this.rest + chunk;
    const { handlers } = this;
    let pos = 0;
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        // Text to the end; a character reference cut by the chunk's end waits for the next write.
        const amp = s.lastIndexOf('&');
        const cut = amp >= pos && s.indexOf(';', amp) < 0 ? amp : s.length;
        if (cut > pos) handlers.text?.(decode(s.slice(pos, cut)));
        pos = cut;
        break;
      }
      if (lt > pos) handlers.text?.(decode(s.slice(pos, lt)));
      pos = lt;
      const next = s.charCodeAt(lt + 1);
      if (Number.isNaN(next)) break;
      if (next === 0x21 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end < 0) break;
          pos = end + 3;
          continue;
        }
        if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end < 0) break;
          handlers.text?.(s.slice(lt + 9, end));
          pos = end + 3;
          continue;
        }
        if (s.length - lt < 9) break;
        throw new XmlError('a DTD or unknown markup');
      }
      if (next === 0x3f /* ? */) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) break;
        pos = end + 2;
        continue;
      }
      // A tag: find its '>' outside quoted attribute values.
      let quote = 0;
      let end = -1;
      for (let i = lt + 1; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === 0x22 || c === 0x27) quote = c;
        else if (c === 0x3e) {
          end = i;
          break;
        }
      }
      if (end < 0) break;
      this.tag(s.slice(lt + 1, end));
      pos = end + 1;
    }
    this.rest = s.slice(pos);
    if (this.rest.length > this.maxMarkup) throw new XmlError('markup too long');
  }

  /** The end of the part: anything left unfinished is an error. */
  end(): void {
    if (this.rest.trim() !== '') throw new XmlError('the part ends inside markup');
  }

  private tag(body: string): void {
    if (body.charCodeAt(0) === 0x2f /* / */) {
      this.handlers.close?.(localName(body.slice(1).trim()));
      return;
    }
    const selfClosing = body.charCodeAt(body.length - 1) === 0x2f;
    const end = nameEnd(body);
    if (end === 0) throw new XmlError('a tag without a name');
    const local = localName(body.slice(0, end));
    if (this.handlers.open) {
      this.attributes.raw = body.slice(end, selfClosing ? -1 : undefined);
      this.handlers.open(local, this.attributes);
    }
    if (selfClosing) this.handlers.close?.(local);
  }
}
