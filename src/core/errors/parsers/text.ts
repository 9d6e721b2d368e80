import { plainText } from '../plainText'
import { restatesStatus } from '../statusText'
import { JSONISH } from './read'

/** What a text body says: an HTML page's title, an XML error document's elements, or the text itself. */
export interface TextFields {
  message?: string | undefined
  code?: string | undefined
  requestId?: string | undefined
}

// Error pages put what matters near the top; scanning only the head bounds the work on huge bodies.
const SCAN = 65_536

/** The text of the first `<name…>…</name>`, found with indexOf: no regex can backtrack on markup. */
const element = (s: string, name: string, firstLine?: boolean): string | undefined => {
  const i = s.indexOf('<' + name)
  const j = s.indexOf('>', i) + 1
  const k = s.indexOf('</' + name, j)
  const t = i < 0 || !j || k < 0 ? '' : s.slice(j, k)
  return plainText(firstLine ? t.split(/<br|\n/i)[0] : t)
}

/**
 * The first closed `<p>` without attributes after the page's heading (a navigation bar's comes before
 * it), unless it starts with a bold label (Tomcat's `<p><b>Type</b> Status Report</p>` says nothing of
 * the error).
 */
const paragraph = (s: string): string | undefined => {
  const i = s.indexOf('<p>', Math.max(0, s.indexOf('<h1'), s.indexOf('<H1')))
  const j = s.indexOf('</p', i)
  const t = i < 0 || j < 0 ? '' : s.slice(i + 3, j)
  return /^\s*<(b|strong)>/i.test(t) ? undefined : plainText(t)
}

/**
 * Reads a text body. HTML (nginx, Express, Flask, Django, proxies): the `<title>`, else the first `<h1>`
 * (either case), unless they only restate the status; then the first line of the first `<pre>`
 * (Express, Bottle), the first `<p>` (Flask's `abort(400, description)`, Django's CSRF page), and last
 * the title or heading that restates the status.
 * XML (AWS S3, EC2, STS): `<Message>` or `<message>`, `<Code>`, `<RequestId>` (`<RequestID>` in EC2), spelled exactly so.
 * Anything else is the message itself, unless it looks like JSON that would not parse.
 */
export function parseText(text: string, status: number): TextFields {
  const s = text.slice(0, SCAN).trimStart()
  // JSON that would not parse (a cut or malformed body) says nothing a person should read; text that
  // only starts with a bracket ("[WARN] …") is still a message
  if (s[0] !== '<') return { message: JSONISH.test(s) ? undefined : plainText(s) }
  const title = element(s, 'title') ?? element(s, 'TITLE')
  const h1 = element(s, 'h1') ?? element(s, 'H1')
  const says = (t: string | undefined) => (t && !restatesStatus(t, status) ? t : undefined)
  return {
    message:
      says(title) ??
      says(h1) ??
      // Express in development puts the stack under the message: keep its first line
      element(s, 'pre>', true) ??
      paragraph(s) ??
      element(s, 'Message>') ??
      element(s, 'message>') ??
      title ??
      h1,
    code: element(s, 'Code>'),
    requestId: element(s, 'RequestId>') ?? element(s, 'RequestID>'),
  }
}
