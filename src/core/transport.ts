import { getAdapter } from 'axios'
import type { RequestSendReason } from './log/types'
import type {
  AxiosAdapter,
  AxiosInstance,
  AxiosRequestConfig,
  AxiosResponse,
  InternalAxiosRequestConfig,
} from 'axios'

/** Hands a request on towards the wire. */
export type Send = (config: InternalAxiosRequestConfig) => Promise<AxiosResponse>

/**
 * One step on the way to the wire: it may look at the request, change it, hold it (a refresh), or
 * send it more than once (a redirect), each time through `send`.
 */
export type TransportStep = (
  config: InternalAxiosRequestConfig,
  send: Send,
) => Promise<AxiosResponse>

/** The adapter the request named before the transport took it over. */
interface TransportTag {
  adapter: AxiosRequestConfig['adapter']
}
type TransportConfig = InternalAxiosRequestConfig & {
  __rqTransport?: TransportTag
  /** Why the next send goes out, said by the layer that sends it again. */
  __rqSendReason?: RequestSendReason
}

/**
 * Says why a request is about to be sent again (a retry, a replay after a refresh, a redirect's
 * next hop), for the request log. Set on the config the layer sends, which axios copies on.
 */
export function markSendReason(config: InternalAxiosRequestConfig, reason: RequestSendReason) {
  ;(config as TransportConfig).__rqSendReason = reason
}

/** Why this send goes out, as marked; the mark is used once. */
export function takeSendReason(config: InternalAxiosRequestConfig): RequestSendReason | undefined {
  const tagged = config as TransportConfig
  const reason = tagged.__rqSendReason
  if (reason !== undefined) delete tagged.__rqSendReason
  return reason
}

/**
 * Routes every request of `instance` through `steps`, then through the adapter it names. A
 * synchronous request interceptor hands each request to one adapter of ours, whatever adapter the
 * request named (per request, client-wide, or changed later on `defaults`): steps therefore run
 * after every request interceptor, on the config the request really leaves with.
 *
 * @example
 * const transport = installTransport(instance, [authStep, logStep])
 * transport.eject()
 */
export function installTransport(
  instance: AxiosInstance,
  steps: readonly TransportStep[],
): { eject(): void } {
  const toWire: Send = (config) => adapterOf(config, instance)(config)
  const first = steps.reduceRight<Send>((next, step) => (config) => step(config, next), toWire)
  const transportAdapter: AxiosAdapter = (config) => first(config)
  const id = instance.interceptors.request.use(
    (config: TransportConfig) => {
      if (config.adapter !== transportAdapter) {
        config.__rqTransport = { adapter: config.adapter }
        config.adapter = transportAdapter
      }
      return config
    },
    undefined,
    { synchronous: true },
  )
  return { eject: () => instance.interceptors.request.eject(id) }
}

/** The adapter function a request will go out through (axios's `getAdapter`), never ours. */
export function adapterOf(
  config: InternalAxiosRequestConfig,
  instance: { defaults: { adapter?: AxiosRequestConfig['adapter'] } },
): AxiosAdapter {
  const tag = (config as TransportConfig).__rqTransport
  return getAdapter(tag?.adapter ?? instance.defaults.adapter, config)
}

/** Makes the request go out through another adapter (`'fetch'`), for this and later sends. */
export function useAdapter(
  config: InternalAxiosRequestConfig,
  adapter: AxiosRequestConfig['adapter'],
) {
  const tag = (config as TransportConfig).__rqTransport
  if (tag) tag.adapter = adapter
}

/**
 * A step whose code is loaded when the client is created, by a dynamic import, so that an app that
 * never asks for it ships none of it. Sends that come before it has loaded wait for it; after that
 * it runs as any step.
 *
 * @example steps.push(loadedOnFirstUse(() => import('./log/logStep').then((m) => m.createLogStep(options, context))))
 */
export function loadedOnFirstUse(load: () => Promise<TransportStep>): TransportStep {
  let step: TransportStep | undefined
  const loading = load().then((loaded) => (step = loaded))
  // A failed load is seen by the sends that wait for it; unobserved, it must not be unhandled.
  loading.catch(() => undefined)
  return (config, send) =>
    step ? step(config, send) : loading.then((loaded) => loaded(config, send))
}
