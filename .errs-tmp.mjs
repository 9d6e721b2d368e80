// src/core/errors/ApiError.ts
var ApiError = class extends Error {
  name = "ApiError";
  constructor(init) {
    super(init.message, init.cause === void 0 ? void 0 : { cause: init.cause });
    for (const k of FIELDS) this[k] = init[k];
    this.fieldErrors = init.fieldErrors ?? [];
  }
  /** A plain object with no body, headers or cause, so that no secret travels with it. */
  toJSON() {
    const { name, kind, message, status, code, requestId, fieldErrors, retryAfterMs, retryable, request } = this;
    return JSON.parse(JSON.stringify({ name, kind, message, status, code, requestId, fieldErrors, retryAfterMs, retryable, request }));
  }
  /**
   * What Node's `console.log` and `util.inspect` print: the stack and {@link toJSON}, never the `cause`,
   * whose request config holds the Authorization header and cookies.
   */
  [/* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom")](_depth, options, inspect) {
    return `${this.stack} ${inspect ? inspect(this.toJSON(), options) : ""}`;
  }
};
var FIELDS = ["kind", "status", "code", "requestId", "retryAfterMs", "retryable", "data", "request"];
function isApiError(value) {
  return value instanceof ApiError || typeof value === "object" && value !== null && value.name === "ApiError" && typeof value.kind === "string";
}

// src/core/errors/normalizeError.ts
import { isAxiosError } from "axios";

// src/core/errors/fieldPath.ts
function toFieldPath(raw) {
  if (typeof raw === "string" && /^\w+$/.test(raw)) return raw;
  const s = typeof raw === "string" ? raw.trim().replace(/^#/, "") : "";
  const segs = (typeof raw !== "string" ? raw.map(String) : s[0] === "/" ? s.replace(/^\/data\/(attributes|relationships)(?=\/|$)/, "").split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~")) : (
    // `[^\][]` stops each attempt at the next bracket, so hostile keys cannot make this quadratic
    s.replace(/^\$(?=[.[]|$)/, "").replace(/\[['"]?([^\]['"]*)['"]?\]/g, ".$1").split(".")
  )).filter((p) => p);
  if (segs[1] && /^(body|query|path|headers?|cookie|params|form)$/i.test(segs[0])) segs.shift();
  return segs.join(".");
}

// src/core/errors/plainText.ts
var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
function plainText(s) {
  if (typeof s !== "string") return void 0;
  if (s.length < 300 && !/[<&]|[^\S ]| {2}/.test(s)) return s.trim() || void 0;
  const t = s.slice(0, 4e3).replace(/<[a-z/!?][^<>]*>/gi, "").replace(/&(#x?)?([\da-z]{1,8});/gi, (m, num, e) => {
    const n = num ? parseInt(e, num.length > 1 ? 16 : 10) : -1;
    return n >= 0 ? n <= 1114111 ? String.fromCodePoint(n) : m : e.length < 5 && ENTITIES[e] || m;
  }).replace(/\s+/g, " ").trim();
  return t ? t.length > 300 ? t.slice(0, 299) + "\u2026" : t : void 0;
}

// src/core/errors/parsers/read.ts
var g = (o, k) => {
  try {
    return o !== null && typeof o === "object" ? o[k] : void 0;
  } catch {
    return void 0;
  }
};
var at = (o, path2) => path2.includes(".") ? path2.split(".").reduce(g, o) : g(o, path2);
var isArr = Array.isArray;
var isObj = (v) => v !== null && typeof v === "object" && !isArr(v);
var str = (v) => typeof v === "string" ? v.trim() || void 0 : void 0;
var keys = (s) => s.split(" ");
var first = (ks, f) => {
  for (const k of ks) {
    const v = f(k);
    if (v !== void 0) return v;
  }
  return void 0;
};
var pick = (o, paths, f = str) => first(paths, (p) => f(at(o, p)));
var codeOf = (v, status) => typeof v === "number" ? v === status || !Number.isFinite(v) ? void 0 : String(v) : str(v);

// src/core/errors/parsers/fields.ts
var MAX = 100;
var FIELD = keys("field path param property propertyPath target loc pointer");
var NAMED = ["name", ...FIELD];
var MESSAGE = keys("message msg detail description reason defaultMessage title");
var CODE = keys("extensions.code code errorCode type issue reason");
var FORM = keys("non_field_errors base __all__");
var list = (v) => isArr(v) ? v.slice(0, MAX) : [];
var path = (v) => typeof v === "string" || isArr(v) && v.every((p) => typeof p === "string" || typeof p === "number") ? toFieldPath(v) : void 0;
function add(a, field, message, code) {
  a.first ??= message;
  if (!field || FORM.includes(field)) a.form ??= message;
  else if (a.fieldErrors.length < MAX)
    a.fieldErrors.push(code === void 0 || code === message ? { field, message } : { field, message, code });
}
function item(a, x, fieldKeys = FIELD, mapKey) {
  const m = pick(x, MESSAGE, plainText);
  const code = pick(x, CODE, (v) => (v = codeOf(v, a.status)) !== m ? v : void 0);
  const message = m ?? plainText(code) ?? "Invalid value";
  const fields = list(g(x, "fields"));
  if (!isObj(x)) return typeof x === "string" && walk(a, x, "", 0);
  a.code ??= code;
  for (const f of fields.length ? fields.map(path) : [pick(x, fieldKeys, path) ?? pick(g(x, "source"), ["pointer", "parameter"], path) ?? mapKey])
    add(a, f, message, code);
}
function walk(a, v, p, depth) {
  const s = plainText(v);
  if (s) add(a, p && toFieldPath(p), s);
  else if (isArr(v)) for (const x of list(v)) typeof x === "string" && walk(a, x, p, depth);
  else if (isObj(v) && pick(v, MESSAGE, plainText)) item(a, v, FIELD, p);
  else if (isObj(v) && depth < 4) for (const k of Object.keys(v).slice(0, MAX)) walk(a, g(v, k), p ? `${p}.${k}` : k, depth + 1);
}
var isFieldMap = (v, depth = 0) => isObj(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => {
  if (/messages$/i.test(k)) return false;
  const x = g(v, k);
  return isArr(x) ? x.every((s) => typeof s === "string") : depth < 3 && isFieldMap(x, depth + 1);
});
function parseItems(b, status, topMessage) {
  const a = { fieldErrors: [], status };
  if (isFieldMap(b)) {
    walk(a, b, "", 0);
    return a;
  }
  const env = g(b, "error");
  const errors = g(b, "errors");
  const details = list(g(env, "details"));
  if (isObj(errors)) walk(a, errors, "", 0);
  for (const x of [
    ...list(b),
    ...list(errors),
    ...list(g(b, "detail")),
    // FastAPI
    ...list(g(b, "details")),
    // PayPal
    ...list(g(g(b, "details"), "causes")),
    // Kubernetes
    ...details.filter((d) => g(d, "@type") === void 0),
    // Microsoft
    ...details.flatMap((d) => list(g(d, "fieldViolations"))),
    // Google
    ...list(g(env, "errors")),
    ...list(g(b, "violations"))
    // Zalando Problem, API Platform
  ])
    item(a, x);
  for (const x of list(g(b, "invalid-params"))) item(a, x, NAMED);
  const param = g(env, "param");
  if (typeof param === "string") add(a, toFieldPath(param), plainText(g(env, "message")) ?? "Invalid value", codeOf(g(env, "code"), status));
  for (const k of list(g(g(b, "validation"), "keys"))) typeof k === "string" && add(a, toFieldPath(k), topMessage ?? "Invalid value");
  walk(a, isObj(g(b, "message")) && g(b, "message"), "", 0);
  return a;
}

// src/core/errors/retryAfter.ts
function parseRetryAfter(value, nowMs) {
  const v = typeof value === "string" ? value.trim() : "";
  const ms = /^\d+(\.\d+)?$/.test(v) ? Math.round(+v * 1e3) : /^[a-z]/i.test(v) ? Math.max(0, Date.parse(v) - nowMs) : NaN;
  return Number.isFinite(ms) ? ms : void 0;
}

// src/core/errors/parsers/headers.ts
function headerReader(h) {
  let map;
  const get = g(h, "get");
  return (name) => {
    try {
      map ??= new Map(isObj(h) ? Object.entries(h).map(([k, v2]) => [k.toLowerCase(), v2]) : []);
      const v = map.size || typeof get !== "function" ? map.get(name.toLowerCase()) : get.call(h, name);
      return typeof v === "string" ? v : isArr(v) ? v.join(", ") : typeof v === "number" ? String(v) : void 0;
    } catch {
      return void 0;
    }
  };
}
var REQUEST_ID_HEADERS = keys(
  "x-request-id request-id x-amzn-requestid x-amz-request-id x-github-request-id x-correlation-id x-trace-id cf-ray"
);
function headerRetryAfterMs(h, status) {
  const now = Date.parse(h("date") ?? "") || Date.now();
  let ms = parseRetryAfter(h("retry-after"), now);
  for (const p of ["ratelimit-", "x-ratelimit-"]) {
    const reset = parseRetryAfter(h(p + "reset"), 0);
    if (ms === void 0 && reset !== void 0 && (status === 429 || h(p + "remaining")?.trim() === "0"))
      ms = reset > 1e12 ? Math.max(0, reset - now) : reset;
  }
  return ms;
}
var wwwAuthenticateCode = (h) => /\berror="?([^",\s]+)/i.exec(h("www-authenticate")?.slice(0, 2e3) ?? "")?.[1];

// src/core/errors/statusText.ts
var TABLE = "400Bad Request,Unauthorized,Payment Required,Forbidden,Not Found,Method Not Allowed,Not Acceptable,Proxy Authentication Required,Request Timeout,Conflict,Gone,Length Required,Precondition Failed,Payload Too Large|Content Too Large,URI Too Long,Unsupported Media Type,Range Not Satisfiable,Expectation Failed,I'm a Teapot,421Misdirected Request,Unprocessable Entity|Unprocessable Content,Locked,Failed Dependency,Too Early,Upgrade Required,428Precondition Required,Too Many Requests,431Request Header Fields Too Large,451Unavailable For Legal Reasons,500Internal Server Error,Not Implemented,Bad Gateway,Service Unavailable,Gateway Timeout,HTTP Version Not Supported,507Insufficient Storage,511Network Authentication Required";
var phrases;
var lookup = (status) => {
  if (!phrases) {
    phrases = [];
    let n = 399;
    for (const e of TABLE.split(",")) phrases[n = +(/^\d*/.exec(e)[0] || n + 1)] = e.replace(/^\d+/, "").split("|");
  }
  return phrases[status];
};
var statusText = (status) => lookup(status)?.[0];
var isReasonPhrase = (s, status) => !!lookup(status)?.includes(s);

// src/core/errors/parsers/json.ts
var MESSAGE2 = keys("error.message error.error_description message Message error_description detail title");
var CODE2 = keys("error.code error.type code errorCode error_code name reason");
var REQUEST_ID = keys("request_id requestId requestID RequestId traceId trace_id debug_id correlation_id correlationId");
var RETRY_AFTER = ["retry_after", "retryAfter"];
var seconds = (v) => {
  const n = typeof v === "string" && /^\s*\d+(\.\d+)?\s*$/.test(v) ? +v : v;
  return typeof n === "number" && n >= 0 && n < 1e12 ? Math.round(n * 1e3) : void 0;
};
function parseJson(b, status) {
  const env = g(b, "error");
  const err = str(env);
  const said = err && !isReasonPhrase(err, status) ? err : void 0;
  const sentence = said && /\s/.test(said);
  const type = str(g(b, "type"));
  const details = g(env, "details");
  const google = (t) => isArr(details) ? details.find((d) => str(g(d, "@type"))?.endsWith(t)) : void 0;
  const delay = g(google("RetryInfo"), "retryDelay");
  return {
    message: (
      // NestJS sends class-validator's messages as an array
      first(MESSAGE2, (p) => plainText(((v) => p === "message" && isArr(v) ? v.find(str) : v)(at(b, p)))) ?? (sentence ? plainText(said) : void 0)
    ),
    code: pick(b, CODE2, (v) => codeOf(v, status)) ?? str(g(google("ErrorInfo"), "reason")) ?? codeOf(at(b, "error.status"), status) ?? (sentence ? void 0 : said) ?? str(g(b, "__type"))?.split("#").pop(),
    type: type !== "about:blank" && !/rfc\d/i.test(type) ? type : void 0,
    requestId: pick(b, REQUEST_ID) ?? pick(env, REQUEST_ID) ?? pick(env, ["innerError.request-id", "innererror.request-id"]),
    retryAfterMs: seconds(str(delay)?.replace(/s$/, "")) ?? (isObj(delay) ? seconds(Number(g(delay, "seconds") ?? 0) + Number(g(delay, "nanos") ?? 0) / 1e9) : void 0) ?? pick(b, RETRY_AFTER, seconds) ?? pick(env, RETRY_AFTER, seconds)
  };
}

// src/core/errors/parsers/kind.ts
var KINDS = [
  "validation #400 #422 bad_user_input graphql_validation_failed graphql_parse_failed invalid_argument",
  "unauthorized #401 unauthenticated invalid_auth not_authed invalid_token token_expired",
  "forbidden #403 forbidden permission_denied missing_scope",
  "not_found #404 #410 not_found",
  "conflict #409 #412",
  "timeout #408",
  "rate_limited #429 rate_limited ratelimited",
  "server internal_server_error internal"
].map((g2) => g2.split(" "));
var KIND_NAMES = [...KINDS.map((g2) => g2[0]), "network", "canceled", "http"];
var kindOf = (status, code) => {
  const key = status >= 400 ? "#" + status : code?.toLowerCase();
  return KINDS.find((g2) => g2.lastIndexOf(key) > 0)?.[0] ?? (status > 499 && status < 600 ? "server" : "http");
};
var isRetryableStatus = (status) => [408, 425, 429, 500, 502, 503, 504].includes(status);

// src/core/errors/parsers/text.ts
var SCAN = 65536;
var element = (s, name) => {
  const i = s.indexOf("<" + name);
  const j = s.indexOf(">", i) + 1;
  const k = s.indexOf("</" + name, j);
  return i < 0 || !j || k < 0 ? void 0 : plainText(s.slice(j, k));
};
function parseText(text) {
  const s = text.slice(0, SCAN).trimStart();
  if (s[0] !== "<") return { message: plainText(s) };
  return {
    message: element(s, "title") ?? element(s, "TITLE") ?? element(s, "h1") ?? element(s, "H1") ?? element(s, "Message>") ?? element(s, "message>"),
    code: element(s, "Code>"),
    requestId: element(s, "RequestId>") ?? element(s, "RequestID>")
  };
}

// src/core/errors/redact.ts
var SECRET = /(token|secret|passw(or)?d|pass|pwd|signature|sig|auth|authorization|key|cookie|session|sessionid|sid|credentials?|jwt|otp)$/i;
var REDACTED = "[REDACTED]";
function redactUrl(url) {
  const s = String(url).replace(/^([a-z][\w+.-]*:\/\/)[^/?#@]*@/i, "$1");
  const i = s.search(/[?#]/);
  return i < 0 ? s : s.slice(0, i) + s.slice(i).replace(/([?&#;])([^=&#;]*)=([^&#;]*)/g, (m, sep, k) => {
    let name = k;
    try {
      name = decodeURIComponent(k);
    } catch {
    }
    return SECRET.test(name) || /^(code|state)$/i.test(name) ? `${sep}${k}=${REDACTED}` : m;
  });
}
function redactValue(value) {
  const seen = /* @__PURE__ */ new WeakSet();
  let budget = 1e3;
  const copy = (v, depth) => {
    if (typeof v === "string") return v.length > 1e4 ? v.slice(0, 1e4) + "\u2026" : v;
    if (typeof v === "function" || typeof v === "symbol") return void 0;
    if (v === null || typeof v !== "object") return v;
    if (seen.has(v)) return "[Circular]";
    if (depth > 8 || budget <= 0) return "[Truncated]";
    seen.add(v);
    try {
      let entries;
      if (typeof v.get === "function" && typeof v.forEach === "function" && !Object.keys(v).length) {
        entries = [];
        v.forEach((val, k) => entries.push([k, val]));
      } else entries = Object.keys(v).map((k) => [k, g(v, k)]);
      const out = entries.slice(0, budget).map(([k, val]) => {
        budget--;
        return [k, SECRET.test(k) ? REDACTED : copy(val, depth + 1)];
      });
      return isArr(v) ? out.map(([, val]) => val) : Object.fromEntries(out);
    } catch {
      return "[Unreadable]";
    } finally {
      seen.delete(v);
    }
  };
  return copy(value, 0);
}

// src/core/errors/registry.ts
var registered = [];
function registerErrorParser(parser) {
  registered.push(parser);
  return () => {
    const i = registered.indexOf(parser);
    if (i >= 0) registered.splice(i, 1);
  };
}

// src/core/errors/normalizeError.ts
var LIMIT = 1 << 20;
function decode(d) {
  if (typeof d === "string") {
    try {
      if (d.length < LIMIT && /^\s*[[{"]/.test(d)) return JSON.parse(d);
    } catch {
    }
    return d;
  }
  const buffer = ArrayBuffer.isView(d) ? d.buffer : d;
  return buffer instanceof ArrayBuffer ? decode(new TextDecoder().decode(new Uint8Array(buffer, d.byteOffset, Math.min(d.byteLength, LIMIT)))) : d;
}
var CHECKS = {
  kind: (v) => KIND_NAMES.includes(v) ? v : void 0,
  message: plainText,
  code: str,
  requestId: str,
  fieldErrors: (v) => isArr(v) ? v.filter((f) => typeof g(f, "field") === "string" && typeof g(f, "message") === "string") : void 0,
  retryAfterMs: (v) => typeof v === "number" && v >= 0 && v < 1e12 ? Math.round(v) : void 0
};
function runParsers(parsers, input) {
  const out = {};
  for (const parse of parsers) {
    try {
      const r = parse(input);
      for (const k in CHECKS) out[k] ??= CHECKS[k](g(r, k));
    } catch {
    }
  }
  return out;
}
function fromResponse(status, headers, data, ctx, request, cause) {
  const h = headerReader(headers);
  const body = decode(data);
  const app = runParsers([...ctx.parsers ?? [], ...registered], { status, headers: h, data: body });
  const text = typeof body === "string" ? parseText(body) : {};
  const json = typeof body === "object" ? parseJson(body, status) : {};
  const items = parseItems(body, status, json.message);
  const code = app.code ?? json.code ?? str(h("x-amzn-errortype")?.split(":")[0]) ?? text.code ?? items.code ?? wwwAuthenticateCode(h) ?? json.type;
  return new ApiError({
    kind: app.kind ?? kindOf(status, code),
    status,
    code,
    // README "message" rules 1 to 7, in order
    message: app.message ?? json.message ?? items.form ?? items.first ?? text.message ?? (status >= 400 ? statusText(status) : void 0) ?? plainText(code) ?? `Request failed with status ${status}`,
    requestId: app.requestId ?? json.requestId ?? text.requestId ?? first(REQUEST_ID_HEADERS, (n) => str(h(n))),
    fieldErrors: app.fieldErrors ?? items.fieldErrors,
    retryAfterMs: app.retryAfterMs ?? headerRetryAfterMs(h, status) ?? json.retryAfterMs,
    retryable: isRetryableStatus(status),
    data,
    request,
    cause
  });
}
function build(x, ctx) {
  if (isApiError(x)) return x;
  const axios = isAxiosError(x);
  const config = axios ? x.config : void 0;
  const base = config?.baseURL;
  let url = ctx.request?.url ?? config?.url ?? "";
  if (base && !ctx.request?.url && !/^([a-z][\w+.-]*:)?\/\//i.test(url)) url = base.replace(/\/+$/, "") + (url && "/" + url.replace(/^\/+/, ""));
  const method = ctx.request?.method ?? config?.method;
  const request = method || url ? { method: (method || "get").toUpperCase(), url: redactUrl(url) } : void 0;
  const code = axios ? x.code : void 0;
  const res = axios ? code === "ERR_CANCELED" ? void 0 : x.response : x;
  if (isObj(res) && typeof res.status === "number" && (axios || "data" in res || "headers" in res))
    return fromResponse(res.status, res.headers, res.data, ctx, request, axios ? x : void 0);
  const name = g(x, "name");
  const kind = code === "ERR_CANCELED" || name === "AbortError" ? "canceled" : code === "ECONNABORTED" || code === "ETIMEDOUT" || name === "TimeoutError" ? "timeout" : axios ? "network" : "http";
  return new ApiError({
    kind,
    message: plainText(typeof x === "string" ? x : g(x, "message")) ?? (kind === "canceled" ? "Request canceled" : kind === "timeout" ? "Request timed out" : kind === "network" ? "Network error" : "Unknown error"),
    retryable: kind === "network" || kind === "timeout",
    code,
    request,
    cause: x
  });
}
function normalizeError(input, context) {
  try {
    return build(input, context ?? {});
  } catch {
    return new ApiError({ kind: "http", message: "Unknown error", retryable: false, cause: input });
  }
}
export {
  ApiError,
  isApiError,
  normalizeError,
  parseRetryAfter,
  redactUrl,
  redactValue,
  registerErrorParser,
  statusText,
  toFieldPath
};
