import { plainText } from '../plainText'

/** What a text body says: an HTML page's title, an XML error document's elements, or the text itself. */
export interface TextFields {
  message?: string | undefined
  code?: string | undefined
  requestId?: string | undefined
}

// Error pages put what matters near the top; scanning only the head bounds the work on huge bodies.
const SCAN = 65_536

/** The text of the first `<name…>…</name>`, found with indexOf: no regex can backtrack on markup. */
const element = (s: string, name: string): string | undefined => {
  const i = s.indexOf('<' + name)
  const j = s.indexOf('>', i) + 1
  const k = s.indexOf('</' + name, j)
  return i < 0 || !j || k < 0 ? undefined : plainText(s.slice(j, k))
}

/**
 * Reads a text body. HTML (nginx, Express, proxies): `<title>`, else the first `<h1>`, in either case.
 * XML (AWS S3, EC2, STS): `<Message>` or `<message>`, `<Code>`, `<RequestId>` (`<RequestID>` in EC2), spelled exactly so.
 * Anything else is the message itself.
 */
export function parseText(text: string): TextFields {
  const s = text.slice(0, SCAN).trimStart()
  if (s[0] !== '<') return { message: plainText(s) }
  return {
    message:
      element(s, 'title') ??
      element(s, 'TITLE') ??
      element(s, 'h1') ??
      element(s, 'H1') ??
      element(s, 'Message>') ??
      element(s, 'message>'),
    code: element(s, 'Code>'),
    requestId: element(s, 'RequestId>') ?? element(s, 'RequestID>'),
  }
}
