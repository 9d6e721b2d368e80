import axios from 'axios'
import type {
  AxiosInstance,
  AxiosResponseTransformer,
  CreateAxiosDefaults,
  InternalAxiosRequestConfig,
} from 'axios'
import { installAuth } from './auth/installAuth'
import type { AuthController } from './auth/installAuth'
import type { AuthOptions } from './auth/types'
import { normalizeError } from './errors/normalizeError'
import type { ErrorParser } from './errors/registry'
import type { ApiError } from './errors/ApiError'
import { attemptTimeoutStep } from './retry/attemptTimeout'
import { installRetry } from './retry/installRetry'
import type { RequestLogOptions } from './log/types'
import { installTransport, loadedOnFirstUse } from './transport'
import type { TransportStep } from './transport'
import type { RetryController, RetryOptions } from './retry/types'

/**
 * Options of {@link createApiClient}: any axios default (`baseURL`, `timeout`, `headers`, …) plus
 * the three concerns this library adds.
 */
// axios's own `auth` (HTTP Basic credentials) gives way to ours: that layer owns the Authorization header.
export interface ApiClientOptions extends Omit<CreateAxiosDefaults, 'auth'> {
  /** Token attachment and refresh. Omit it for APIs without a session. */
  auth?: AuthOptions | undefined
  /**
   * Retries of transient failures: a number of retries, options, or `false` for none.
   * @default { retries: 3 }
   */
  retry?: RetryOptions | number | false | undefined
  /** Parsers for error formats of your own; they run before the built-in ones. @default [] */
  errorParsers?: readonly ErrorParser[] | undefined
  /**
   * A request log: `write(entry)` once per attempt that went on the wire (a `RequestLogEntry`),
   * at the `level` chosen. Secrets never reach it.
   * @default undefined (no log, and nothing runs for it)
   * @example log: consoleLog('errors')
   */
  log?: RequestLogOptions | undefined
}

/**
 * A plain AxiosInstance (code that already uses axios keeps working) whose every failure rejects
 * with an {@link ApiError}, plus the controllers of its auth and retry layers.
 */
export type ApiClient = AxiosInstance & {
  /** Present when `auth` was given. */
  readonly auth: AuthController | undefined
  readonly retry: RetryController
  /** Turns the client into plain axios again, for tests and hot reloads. */
  eject(): void
  /** Normalises any failure the way this client's own rejections are, with its parsers. */
  normalizeError(error: unknown): ApiError
}

/** Error bodies longer than this are not parsed: a message lives in the first bytes. */
const ERROR_BODY_PARSE_LIMIT = 1 << 20

/**
 * The instance's response transforms, except for an error response whose body is longer than
 * {@link ERROR_BODY_PARSE_LIMIT}: that one stays text. Parsing a hostile 20 MB error body (a
 * million-key field map) would block the event loop for a third of a second, in JSON.parse and
 * again in any look at its keys; normalizeError reads an error page's head without it.
 */
function leaveHugeErrorBodiesAsText(
  transforms: CreateAxiosDefaults['transformResponse'],
): AxiosResponseTransformer[] {
  const list = transforms === undefined ? [] : [transforms].flat()
  return [
    function transformResponse(this: InternalAxiosRequestConfig, data, headers, status) {
      if (
        status !== undefined &&
        status >= 400 &&
        typeof data === 'string' &&
        data.length > ERROR_BODY_PARSE_LIMIT
      )
        return data
      return list.reduce<unknown>(
        (body, transform) => transform.call(this, body, headers, status),
        data,
      )
    },
  ]
}

/**
 * Creates the axios instance an app talks to its API through.
 *
 * @example
 * const api = createApiClient({
 *   baseURL: 'https://api.example.com/v1',
 *   auth: { getAccessToken: () => tokens.access, refresh: renewTokens },
 *   retry: { retries: 3 },
 * })
 * const { data } = await api.get('/users')
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const { auth, retry, errorParsers, log, ...defaults } = options
  const instance = axios.create(defaults)
  instance.defaults.transformResponse = leaveHugeErrorBodiesAsText(
    instance.defaults.transformResponse,
  )
  // One ApiError per failure, however many layers ask: the retry announcement then carries the
  // very error the request rejects with, and a body is parsed once.
  const seen = new WeakMap<object, ApiError>()
  // The tokens the auth layer knows, scrubbed from every error (a server may echo one back);
  // the auth layer needs `normalize` to be made, so it is asked through this, once it exists.
  const secrets = { known: (): readonly string[] => [] }
  const normalizeWithContext = (error: unknown) =>
    normalizeError(error, { parsers: errorParsers, secrets: secrets.known() })
  const normalize = (error: unknown): ApiError => {
    if (typeof error !== 'object' || error === null) return normalizeWithContext(error)
    let apiError = seen.get(error)
    if (!apiError) seen.set(error, (apiError = normalizeWithContext(error)))
    return apiError
  }

  // Order matters: response interceptors run in the order they are added. Auth sees a 401 first
  // and replays through the whole instance; retry sees what auth gave up on; the last one makes
  // sure nothing but an ApiError leaves.
  const authInstallation = auth ? installAuth(instance, auth, normalize) : undefined
  const authController = authInstallation?.controller
  if (authInstallation) secrets.known = authInstallation.knownTokens
  const retryController = installRetry(
    instance,
    retry,
    normalize,
    authInstallation ? { isRefreshRequest: authInstallation.isRefreshRequest } : {},
  )
  // The steps run in the adapter, after every request interceptor whatever their order, the app's
  // included: what they judge is what the request leaves with.
  // The log sits inside auth: a wait for a refresh is no attempt, and it sees each send on the wire.
  const steps: TransportStep[] = []
  if (authInstallation) steps.push(authInstallation.step)
  if (log)
    steps.push(
      // Loaded only by a client that keeps a log: an app that passes none ships none of it.
      loadedOnFirstUse(() =>
        import('./log/logStep').then(({ createLogStep }) =>
          createLogStep(log, {
            // Not the cached normalize: the log sees an attempt before axios transforms its body,
            // and the error the request rejects with must keep the body as transformed.
            normalize: normalizeWithContext,
            knownTokens: authInstallation ? authInstallation.knownTokens : () => [],
            idempotencyHeader:
              (typeof retry === 'object' && retry.idempotencyHeader) || 'Idempotency-Key',
          }),
        ),
      ),
    )
  // Innermost, so that it times the send on the wire alone: axios's http adapter lets a body that
  // trickles in outlast any `timeout` (and attemptTimeoutMs is one).
  steps.push(attemptTimeoutStep)
  const transport = installTransport(instance, steps)
  const finalId = instance.interceptors.response.use(undefined, (error: unknown) =>
    Promise.reject(normalize(error)),
  )

  return Object.assign(instance, {
    auth: authController,
    // Only subscribe: taking the layer off is the client's own eject().
    retry: { subscribe: retryController.subscribe, pending: retryController.pending },
    normalizeError: normalize,
    eject() {
      transport.eject()
      authController?.eject()
      retryController.eject()
      instance.interceptors.response.eject(finalId)
    },
  })
}
