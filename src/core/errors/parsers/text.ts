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

// Where a page's text blocks start, and where one ends: the next block, or the end of its container.
const BLOCK_START = /<(p|pre|tr|dd|li|div|h[1-6]|footer)[\s>]/i
const BLOCK_END = /<\/?(p|pre|tr|dd|li|div|h[1-6]|table|hr|body)[\s>]/i
const HEADING = /<h[1-6][\s>]/i
// An element marked as the error (Catalyst's and Twisted's debug pages put it above any heading).
const ERROR_ELEMENT = /<\w+ class="error"/i

// A label that says a message follows (Tomcat's `<b>Message</b>`, Slim's `<strong>Message:</strong>`,
// Jetty's `<th>MESSAGE:</th>`).
const MESSAGE_LABEL = /^(?:message|description|reason|details?)\s*:?\s*$/i
const LABEL = /^\s*<(b|strong|th|dt)>([^<]*)<\/\1>/i
const TEXT_LABEL = /^\s*(?:message|description|reason)\s*:\s*/i
// The line of a stack trace that names the exception (Twisted's `<div class="error">`).
const EXCEPTION_LINE = /^([\w$]+\.)*[A-Z]\w*(Error|Exception): /

/**
 * A title or heading written as a sentence (`Sinatra doesn't know this ditty.`, `ERROR: The requested
 * URL could not be retrieved`, `RuntimeError: db connection refused`) rather than a name
 * (`No Such Resource`, `Slim Application Error`, `Starlette Debugger`, `501 - Huh?`): two words or
 * more, and a full stop, question or exclamation mark at its end, or a colon after its first part.
 */
const isSentence = (text: string): boolean =>
  /[.!?]$|\S: \S/.test(text) && /\p{L}+\P{L}+\p{L}/u.test(text)

/**
 * What one block of a page says, or undefined: a heading only when written as a sentence; a `<pre>`
 * its first line, or its stack trace's line that names the error; a `<div>` only as a labelled line
 * (Slim's `<strong>Message:</strong> …`) or as the line of a stack trace that names the exception
 * (Twisted's `<div class="error">builtins.RuntimeError: …`); a paragraph, list entry or table row its text, without a
 * message label, and nothing when it starts with another label (Tomcat's `<b>Type</b>`) or only
 * leads in to what follows (Bottle's "… caused an error:").
 */
function blockText(tag: string, markup: string): string | undefined {
  if (tag[0] === 'h') {
    const text = plainText(markup)
    return text && isSentence(text) ? text : undefined
  }
  if (tag === 'pre') {
    const text = textWithLines(markup)
    return plainText(stackTraceLine(text) ?? text.split('\n').find((line) => line.trim()))
  }
  const cells = markup.replace(/<\/?t[dr][^>]*>/gi, '')
  const label = LABEL.exec(cells)
  const text = plainText(label ? cells.slice(label[0].length) : markup)
  if (
    label
      ? !MESSAGE_LABEL.test(label[2]!.trim())
      : tag === 'div' && !EXCEPTION_LINE.test(text ?? '')
  )
    return undefined
  return text && !text.endsWith(':') ? text.replace(TEXT_LABEL, '') || text : undefined
}

/**
 * The bare text right after the first heading, through inline markup, up to the next block: HAProxy's
 * and aiohttp's sentence, Pyramid's explanation and detail, Dancer2's `<div id="content">`. A path or
 * a single word is no sentence.
 */
function bareText(rest: string): string | undefined {
  const text = rest.replace(/^(\s*<div[^>]*>)+/i, '')
  const end = text.search(BLOCK_END)
  const said = plainText(end < 0 ? text : text.slice(0, end))
  return said && /\s/.test(said) && !said.endsWith(':') ? said : undefined
}

/**
 * An HTML page's message: its most specific human sentence. In order: the `<title>` when it is
 * written as a sentence; the blocks from the first heading on, in document order (headings written as
 * sentences, the first line of a `<pre>` or its stack trace's line naming the error, paragraphs, list
 * entries, table rows, labelled lines, a `<div>` naming an exception); the bare text after the first
 * heading; the title or first heading as a name. Each candidate that only restates the status is
 * skipped, so a page that says nothing more gives way to the reason phrase (normalizeError's next
 * step), not to the wording of its heading.
 */
function readPage(page: string, status: number): TextFields {
  const says = (text?: string) => (text && !restatesStatus(text, status) ? text : undefined)
  const title = element(page, 'title') ?? element(page, 'TITLE')
  let message = title && isSentence(title) ? says(title) : undefined
  let heading: string | undefined
  let afterHeading: string | undefined
  // the blocks from the first heading on (or from the start of a page without one, or from an
  // element marked as the error above the heading), at most 16
  const headingAt = page.search(HEADING)
  const errorAt = page.search(ERROR_ELEMENT)
  let at = Math.max(errorAt >= 0 && (headingAt < 0 || errorAt < headingAt) ? errorAt : headingAt, 0)
  for (let count = 0; message === undefined && count < 16; count++) {
    const open = BLOCK_START.exec(page.slice(at))
    const tag = open?.[1]!.toLowerCase()
    // a footer (Feathers' "Powered by") says nothing about the error
    if (!tag || tag === 'footer') break
    const start = page.indexOf('>', at + open!.index) + 1
    // a block ends where the next one starts; one that runs to the end of the page is none
    const length = page.slice(start).search(BLOCK_END)
    if (length < 0) break
    at = start + length
    const markup = page.slice(start, at)
    if (!count && tag[0] === 'h') {
      heading = plainText(markup)
      afterHeading = bareText(page.slice(page.indexOf('>', at) + 1))
    }
    message = says(blockText(tag, markup))
  }
  message ??=
    says(afterHeading) ??
    says(title) ??
    says(heading) ??
    element(page, 'Message>') ??
    element(page, 'message>')
  return {
    message,
    restated: title ?? heading,
    code: element(page, 'Code>'),
    requestId: element(page, 'RequestId>') ?? element(page, 'RequestID>'),
  }
}

/**
 * Reads a text body. HTML (error pages of servers, proxies and frameworks) by {@link readPage}; XML
 * (AWS S3, EC2, STS): `<Message>` or `<message>`, `<Code>`, `<RequestId>` (`<RequestID>` in EC2).
 * Any other text is the message itself, taken literally when `literal` (`text/plain`: no entity
 * decoding), a stack trace's line when it holds one, and never text that starts like JSON that
 * would not parse.
 */
export function readText(text: string, status: number, literal: boolean): TextFields {
  const head = text.slice(0, SCAN).trimStart()
  if (literal || head[0] !== '<') {
    if (LOOKS_LIKE_JSON.test(head)) return {}
    const line = stackTraceLine(head)
    return { message: plainText(line ?? head, literal) }
  }
  return readPage(head, status)
}
