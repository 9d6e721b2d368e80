import { plainText } from '../plainText'
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
 * Reads a text body. HTML (nginx, Express, proxies): `<title>` unless it only says "Error", else the first
 * `<h1>` (either case), else the first `<pre>` (Express).
 * XML (AWS S3, EC2, STS): `<Message>` or `<message>`, `<Code>`, `<RequestId>` (`<RequestID>` in EC2), spelled exactly so.
 * Anything else is the message itself, unless it looks like JSON that would not parse.
 */
export function parseText(text: string): TextFields {
  const s = text.slice(0, SCAN).trimStart()
  // JSON that would not parse (a cut or malformed body) says nothing a person should read; text that
  // only starts with a bracket ("[WARN] …") is still a message
  if (s[0] !== '<') return { message: JSONISH.test(s) ? undefined : plainText(s) }
  // A title of just "Error" (Express's finalhandler) says less than the page's <pre>
  const title = element(s, 'title') ?? element(s, 'TITLE')
  return {
    message:
      (title && !/^error$/i.test(title) ? title : undefined) ??
      element(s, 'h1') ??
      element(s, 'H1') ??
      // Express in development puts the stack under the message: keep its first line
      element(s, 'pre>', true) ??
      element(s, 'Message>') ??
      element(s, 'message>') ??
      title,
    code: element(s, 'Code>'),
    requestId: element(s, 'RequestId>') ?? element(s, 'RequestID>'),
  }
}
