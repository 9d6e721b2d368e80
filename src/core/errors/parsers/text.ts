import { plainText, textWithLines } from '../plainText'
import { restatesStatus } from '../statusText'
import { LOOKS_LIKE_JSON } from './context'

/** What a text body says: an HTML page's message, an XML error document's elements, or the text itself. */
export interface TextFields {
  message?: string | undefined
  /**
   * The title or heading of a page whose every line only restates the status: the message when the
   * status has no reason phrase of its own (a 522 from Cloudflare), after the reason phrase.
   */
  restated?: string | undefined
  code?: string | undefined
  requestId?: string | undefined
}

// Error pages put what matters near the top; scanning only the head bounds the work on huge bodies.
const SCAN = 65_536

/**
 * The line of a stack trace that names the error: the last line of a Python traceback (`ValueError:
 * bad`), the first of a JavaScript, Java or .NET stack (lines starting with `at `), a Go panic
 * (`goroutine 1 [running]:` follows) or a Ruby backtrace (`file.rb:12:in`); undefined for text
 * that holds no stack trace.
 */
export function stackTraceLine(text: string): string | undefined {
  const python = /^Traceback \(most recent call last\):/m.test(text)
  if (!python && !/^\s+at \S|^goroutine \d+ \[|\S\.rb:\d+:in /m.test(text)) return undefined
  const lines = text.split('\n').filter((line) => line.trim())
  return python ? lines[lines.length - 1] : lines[0]
}

/** The raw markup of the first `<name…>…</name>`, found with indexOf: no regex can backtrack on markup. */
function elementMarkup(page: string, name: string, from = 0): string | undefined {
  const open = page.indexOf('<' + name, from)
  const start = page.indexOf('>', open) + 1
  const end = page.indexOf('</' + name, start)
  return open < 0 || !start || end < 0 ? undefined : page.slice(start, end)
}

const element = (page: string, name: string): string | undefined =>
  plainText(elementMarkup(page, name))

/** Where the page's first heading ends (or 0): descriptions come after it, navigation before. */
function headingEnd(page: string): number {
  const close = page.search(/<\/h1/i)
  return close < 0 ? 0 : page.indexOf('>', close) + 1
}

/** The first line of the first `<pre>` (Express, Bottle), or its stack trace's line that names the error. */
function preformatted(page: string): string | undefined {
  const markup = elementMarkup(page, 'pre')
  if (markup === undefined) return undefined
  const text = textWithLines(markup)
  return plainText(stackTraceLine(text) ?? text.split('\n').find((line) => line.trim()))
}

// A label that says a message follows (Tomcat's `<b>Message</b>`, Jetty's `<th>MESSAGE:</th>`).
const MESSAGE_LABEL = /^(?:message|description|reason|details?)\s*:?\s*$/i
const LABEL = /^\s*<(b|strong|th|dt)>([^<]*)<\/\1>/i
const TEXT_LABEL = /^\s*(?:message|description|reason)\s*:\s*/i

/**
 * The page's descriptions after its heading, in order: each paragraph (up to the next one), a
 * labelled line's text (Tomcat: a paragraph that starts with `<b>Message</b>`; one that starts with
 * another label such as `<b>Type</b>` says nothing), and the text right after the heading (HAProxy,
 * aiohttp). Labels are not part of the message, and a paragraph that ends in a colon only leads
 * in to what follows.
 */
function descriptions(page: string): string[] {
  const found: string[] = []
  const from = headingEnd(page)
  const nextTag = page.indexOf('<', from)
  const afterHeading = from
    ? plainText(page.slice(from, nextTag < 0 ? undefined : nextTag))
    : undefined
  let at = from
  for (let count = 0; count < 8; count++) {
    const open = page.slice(at).search(/<(p|tr|dd|li)[\s>]/i)
    if (open < 0) break
    const start = page.indexOf('>', at + open) + 1
    // a paragraph ends where the next block starts; one that runs to the end of the page is none
    const next = page.slice(start).search(/<\/?(p|tr|dd|li|table|hr|h\d|body|div)[\s>]/i)
    if (next < 0) break
    const markup = page.slice(start, start + next)
    at = start + next + 1
    const label = LABEL.exec(markup.replace(/<\/?t[dr][^>]*>/gi, ''))
    if (label && !MESSAGE_LABEL.test(label[2]!.trim())) continue
    const text = plainText(
      label ? markup.replace(/<\/?t[dr][^>]*>/gi, '').slice(label[0].length) : markup,
    )
    // a sentence ending in a colon only leads in to what follows (Bottle's "… caused an error:")
    if (text && !text.endsWith(':')) found.push(text.replace(TEXT_LABEL, '') || text)
  }
  if (afterHeading) found.push(afterHeading)
  return found
}

/**
 * Reads a text body. HTML (error pages of servers, proxies and frameworks): its most specific human
 * sentence. A `<title>` or first `<h1>` that only restates the status gives way to what follows:
 * the first line of a `<pre>` (or a stack trace's line naming the error), then the paragraphs and
 * labelled lines after the heading, then the text right after it; when all of those only restate the
 * status too, the reason phrase is the message (normalizeError's next step), not the heading's
 * wording. XML (AWS S3, EC2, STS): `<Message>` or `<message>`, `<Code>`, `<RequestId>`
 * (`<RequestID>` in EC2). Any other text is the message itself, taken literally when `literal`
 * (`text/plain`: no entity decoding), a stack trace's line when it holds one, and never text that
 * starts like JSON that would not parse.
 */
export function readText(text: string, status: number, literal: boolean): TextFields {
  const head = text.slice(0, SCAN).trimStart()
  if (literal || head[0] !== '<') {
    if (LOOKS_LIKE_JSON.test(head)) return {}
    const line = stackTraceLine(head)
    return { message: plainText(line ?? head, literal) }
  }
  const title = element(head, 'title') ?? element(head, 'TITLE')
  const heading = element(head, 'h1') ?? element(head, 'H1')
  const says = (text: string | undefined) =>
    text && !restatesStatus(text, status) ? text : undefined
  // each candidate is read only when those before it said nothing more than the status
  const message =
    says(title) ??
    says(heading) ??
    says(preformatted(head)) ??
    descriptions(head).find(says) ??
    says(element(head, 'Message>')) ??
    says(element(head, 'message>'))
  return {
    message,
    restated: title ?? heading,
    code: element(head, 'Code>'),
    requestId: element(head, 'RequestId>') ?? element(head, 'RequestID>'),
  }
}
