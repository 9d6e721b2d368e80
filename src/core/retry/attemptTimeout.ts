import { AxiosError } from 'axios'
import type { AxiosResponse, GenericAbortSignal, InternalAxiosRequestConfig } from 'axios'
import { onCancel } from '../shared/cancellation'
import { MAX_TIMER_MS } from '../shared/durations'
import type { Send, TransportStep } from '../transport'

/**
 * The transport step that holds each send on the wire to its `timeout` in wall-clock time, from
 * the moment it leaves until its response has been read, whatever the adapter. That `timeout` is
 * the retry layer's `attemptTimeoutMs` when set, else axios's own, which this covers as well: the
 * http adapter times only the connection and then the socket's silence, so a body that trickles
 * in a byte every few hundred ms never timed out (the fetch adapter's timer already ran to the
 * end).
 *
 * The send goes out with a signal of this step's, which the app's signal still aborts; at the
 * deadline the step aborts it (the adapter destroys the socket) and rejects with axios's own
 * timeout error, so every layer above (the log, auth, retries) sees a timeout. The app's signal is
 * back on the config, its listener and the timer gone, as soon as the send settles. It sits
 * innermost, so that a wait for a token refresh is no part of a send.
 *
 * @example
 * installTransport(instance, [auth.step, logStep, attemptTimeoutStep])
 */
export const attemptTimeoutStep: TransportStep = (config, send) => {
  const timeoutMs = config.timeout
  // No timeout, or one a timer cannot wait (axios's own timers fire at once then): left to axios.
  // A streamed response is read by the app, at its own pace, after the send has settled.
  if (
    typeof timeoutMs !== 'number' ||
    !(timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS) ||
    config.responseType === 'stream'
  )
    return send(config)

  return sendWithin(config, send, timeoutMs)
}

/** Sends `config` through `send`, rejecting with a timeout error once `timeoutMs` have passed. */
async function sendWithin(
  config: InternalAxiosRequestConfig,
  send: Send,
  timeoutMs: number,
): Promise<AxiosResponse> {
  const appSignal = config.signal
  const controller = new AbortController()
  const stopListening = onCancel({ signal: appSignal }, () =>
    controller.abort((appSignal as AbortSignal).reason),
  )
  config.signal = controller.signal
  let timer: ReturnType<typeof setTimeout> | undefined
  let timedOut: AxiosError | undefined
  // Raced, so that even an adapter deaf to signals settles at the deadline.
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      timedOut = timeoutError(config, timeoutMs)
      reject(timedOut)
      controller.abort(timedOut)
    }, timeoutMs)
  })
  try {
    return await Promise.race([send(config), deadline])
  } catch (error) {
    // The abort at the deadline makes most adapters reject at once, with a cancellation: what
    // ended the send was the timeout.
    throw timedOut ?? error
  } finally {
    // Before the send settles upwards: axios checks the config's signal once the adapter is done,
    // and an aborted one of ours would turn the timeout into a cancellation.
    clearTimeout(timer)
    stopListening()
    restoreSignal(config, controller.signal, appSignal)
  }
}

/** Puts the app's signal back in place of the step's own, or none if it had none. */
function restoreSignal(
  config: InternalAxiosRequestConfig,
  own: AbortSignal,
  appSignal: GenericAbortSignal | undefined,
) {
  if (config.signal !== own) return
  if (appSignal === undefined) delete config.signal
  else config.signal = appSignal
}

/** The error axios's adapters give when `timeout` runs out, with its message and code. */
function timeoutError(config: InternalAxiosRequestConfig, timeoutMs: number): AxiosError {
  return new AxiosError(
    config.timeoutErrorMessage || `timeout of ${timeoutMs}ms exceeded`,
    config.transitional?.clarifyTimeoutError ? AxiosError.ETIMEDOUT : AxiosError.ECONNABORTED,
    config,
  )
}
