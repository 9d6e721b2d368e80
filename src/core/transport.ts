import { getAdapter } from 'axios'
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
type TransportConfig = InternalAxiosRequestConfig & { __rqTransport?: TransportTag }

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
