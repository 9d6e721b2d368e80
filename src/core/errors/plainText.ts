const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
}

/**
 * `s` as one line of plain text, at most 300 characters: tags stripped, entities decoded, whitespace
 * collapsed, a cut marked with `…`. Undefined when nothing is left, so callers fall through to the next
 * candidate.
 *
 * @example
 * plainText('<b>Not&nbsp;found</b>\n') // 'Not found'
 */
export function plainText(s: unknown): string | undefined {
  if (typeof s !== 'string') return undefined
  // The common case, plain words and single spaces, skips the three replaces.
  if (s.length < 300 && !/[<&]|[^\S ]| {2}/.test(s)) return s.trim() || undefined
  // Only the head can end up in 300 characters. Every regex here fails fast at the next `<`, `>` or
  // `;`, so the work stays linear.
  const t = s
    .slice(0, 4000)
    // `<EOF>` and `<SOF>` in a GraphQL syntax error are tokens, not tags
    .replace(/<(?!(EOF|SOF)>)[a-z/!?][^<>]*>/gi, '')
    .replace(/&(#x?)?([\da-z]{1,8});/gi, (m, num: string | undefined, e: string) => {
      const n = num ? parseInt(e, num.length > 1 ? 16 : 10) : -1
      // `n <= 0x10ffff` is false for NaN too; named entities are at most 4 letters, so no prototype key matches
      return n >= 0
        ? n <= 0x10ffff
          ? String.fromCodePoint(n)
          : m
        : (e.length < 5 && ENTITIES[e]) || m
    })
    .replace(/\s+/g, ' ')
    .trim()
  if (!t || t.length <= 300) return t || undefined
  // Never cut between the two halves of a surrogate pair: a lone half makes encodeURIComponent throw.
  const end = /[\ud800-\udbff]/.test(t.charAt(298)) ? 298 : 299
  return t.slice(0, end) + '…'
}
