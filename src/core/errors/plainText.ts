import { withoutSecrets } from './redact'

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
}

// A tag, but GraphQL's `<EOF>` and `<SOF>` tokens in a syntax error. `[^<>]*` stops each attempt at
// the next bracket, so the work stays linear.
const TAG = /<(?!(?:EOF|SOF)>)[a-z/!?][^<>]*>/gi
// What is left of a tag once no whole one is: a `<` that would open one.
const TAG_OPENING = /<(?!(?:EOF|SOF)>)(?=[a-z/!?])/gi
// A surrogate pair, or a surrogate on its own (which makes encodeURIComponent throw).
const SURROGATE = /[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g
const REPLACEMENT_CHARACTER = '\ufffd'

/** The text a message is read from: an error message lives in the first few thousand characters. */
const READ_LIMIT = 4000

/**
 * `text` with no markup left: tags are removed until none is (`<scr<b>ipt>` becomes `<script>` after
 * one pass, and nothing after the next), and after a few passes any `<` that would still open a tag
 * goes too, so that no input can make the work grow with its nesting.
 */
const stripTags = (text: string): string => {
  if (!text.includes('<')) return text
  let previous: string
  let passes = 0
  do {
    previous = text
    text = text.replace(TAG, '')
  } while (text !== previous && ++passes < 4)
  return text.replace(TAG_OPENING, '')
}

/** `text` as a well-formed string: each lone surrogate becomes U+FFFD. */
export const wellFormed = (text: string): string =>
  /[\ud800-\udfff]/.test(text)
    ? text.replace(SURROGATE, (pair) => (pair.length === 2 ? pair : REPLACEMENT_CHARACTER))
    : text

const decodeEntities = (text: string): string =>
  text.replace(/&(#x?)?([\da-z]{1,8});/gi, (entity, numeric: string | undefined, name: string) => {
    if (!numeric) return (name.length < 5 && ENTITIES[name]) || entity // no prototype key is that short
    const codePoint = parseInt(name, numeric.length > 1 ? 16 : 10)
    // `<=` is false for NaN too: no character, left as written
    if (!(codePoint <= 0x10ffff)) return entity
    // a surrogate or NUL named by number is no character either, and would make the text ill-formed
    return codePoint > 0 && (codePoint < 0xd800 || codePoint > 0xdfff)
      ? String.fromCodePoint(codePoint)
      : REPLACEMENT_CHARACTER
  })

/**
 * The head of `text`, cut at a space or a bracket so that no word (and no token a server echoed) is
 * kept in part.
 */
const head = (text: string): string => {
  if (text.length <= READ_LIMIT) return text
  const cut = text.slice(0, READ_LIMIT)
  const boundary = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('<'), cut.lastIndexOf('\n'))
  return boundary > 0 ? cut.slice(0, boundary) : cut
}

/**
 * `value` as one line of plain text: entities decoded (unless `literal`, for a `text/plain` body),
 * tags stripped, whitespace collapsed, trimmed. Undefined when nothing is left, so callers fall through
 * to the next candidate. It is not cut here: {@link boundedText} cuts it once secrets are removed.
 *
 * @example
 * plainText('<b>Not&nbsp;found</b>\n') // 'Not found'
 */
export function plainText(value: unknown, literal?: boolean): string | undefined {
  if (typeof value !== 'string') return undefined
  // The common case, plain words and single spaces, skips the replaces.
  if (value.length < 300 && !/[<&]|[^\S ]| {2}/.test(value)) return value.trim() || undefined
  const text = head(value)
  return (
    stripTags(literal ? text : decodeEntities(text))
      .replace(/\s+/g, ' ')
      .trim() || undefined
  )
}

/** Markup as text with its line breaks kept (`<br>` is one): entities decoded, tags stripped. */
export const textWithLines = (markup: string): string =>
  stripTags(decodeEntities(head(markup).replace(/<br\s*\/?>/gi, '\n')))

/**
 * `value` as a string an ApiError may carry: plain text (no tags), well-formed, without the given
 * secrets, and at most `limit` characters (a cut marked with `…`, the limit including it).
 * Undefined for a non-string or when nothing is left.
 *
 * @example
 * boundedText('<b>x</b> '.repeat(200), 10) // 'x x x x x…'
 */
export function boundedText(
  value: unknown,
  limit: number,
  secretsForms: readonly string[] = [],
): string | undefined {
  if (typeof value !== 'string') return undefined
  let text =
    value.length <= limit && !/[<\ud800-\udfff]|[^\S ]| {2}/.test(value)
      ? value.trim()
      : wellFormed(stripTags(head(value)).replace(/\s+/g, ' ').trim())
  if (secretsForms.length) text = withoutSecrets(text, secretsForms)
  if (text.length > limit) {
    // never cut between the two halves of a surrogate pair
    const end = /[\ud800-\udbff]/.test(text.charAt(limit - 2)) ? limit - 2 : limit - 1
    text = text.slice(0, end) + '…'
  }
  return text || undefined
}
