import { Readable } from 'node:stream'
import axios from 'axios'
import { describe, expect, it, vi } from 'vitest'
import { callAppCallback } from '../../../src/core/shared/appCallbacks'
import { isCanceled, onCancel } from '../../../src/core/shared/cancellation'
import { checkDuration, MAX_TIMER_MS } from '../../../src/core/shared/durations'
import { isResendableBody, prepareResend } from '../../../src/core/shared/requestBody'

describe('onCancel', () => {
  it('hears an AbortSignal and a CancelToken alike, once, and stops listening when asked', () => {
    const controller = new AbortController()
    const source = axios.CancelToken.source()
    const heard = vi.fn()
    onCancel({ signal: controller.signal, cancelToken: source.token }, heard)
    source.cancel('left')
    controller.abort()
    expect(heard).toHaveBeenCalledTimes(1)

    const later = vi.fn()
    const stop = onCancel({ cancelToken: axios.CancelToken.source().token }, later)
    stop()
    expect(later).not.toHaveBeenCalled()
  })

  it('calls back at once for a request canceled before', () => {
    const source = axios.CancelToken.source()
    source.cancel()
    const heard = vi.fn()
    onCancel({ cancelToken: source.token }, heard)
    expect(heard).toHaveBeenCalledTimes(1)
    expect(isCanceled({ cancelToken: source.token })).toBe(true)
    expect(isCanceled({})).toBe(false)
  })
})

describe('isResendableBody', () => {
  it('refuses what is read as it is sent', async () => {
    expect(isResendableBody(Readable.from(['a']))).toBe(false)
    expect(isResendableBody(new ReadableStream())).toBe(false)
    expect(isResendableBody((function* () {})())).toBe(false)
    expect(isResendableBody((async function* () {})())).toBe(false)
    const form = new FormData()
    form.append('file', new Blob(['x']))
    expect(isResendableBody(form)).toBe(true)
  })

  it('accepts what is sent from memory', () => {
    for (const body of [
      undefined,
      'text',
      { a: 1 },
      [1, 2],
      new Uint8Array(2),
      new ArrayBuffer(2),
      new Blob(['x']),
      new URLSearchParams('a=1'),
    ])
      expect(isResendableBody(body)).toBe(true)
  })

  it('does not vouch for a body whose properties throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no')
        },
      },
    )
    expect(isResendableBody(hostile)).toBe(false)
  })
})

describe('checkDuration', () => {
  it('accepts the range a timer can wait, and Infinity only where allowed', () => {
    expect(checkDuration('x', undefined, 5)).toBe(5)
    expect(checkDuration('x', 0, 5)).toBe(0)
    expect(checkDuration('x', MAX_TIMER_MS, 5)).toBe(MAX_TIMER_MS)
    expect(checkDuration('x', Infinity, 5, { infinity: true })).toBe(Infinity)
    for (const bad of [Infinity, 3e9, -1, NaN, '10', null])
      expect(() => checkDuration('auth.refreshTimeoutMs', bad, 5)).toThrow(
        /auth\.refreshTimeoutMs must be/,
      )
  })
})

describe('callAppCallback', () => {
  it('reports a throw or a rejection of the callback and returns normally', async () => {
    const report = vi.fn()
    vi.stubGlobal('reportError', report)
    try {
      expect(() =>
        callAppCallback(() => {
          throw new Error('app bug')
        }),
      ).not.toThrow()
      callAppCallback(() => Promise.reject(new Error('async app bug')))
      await new Promise((resolve) => setTimeout(resolve, 0))
      expect(report.mock.calls.map(([error]) => (error as Error).message)).toEqual([
        'app bug',
        'async app bug',
      ])
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('prepareResend', () => {
  it('makes a stream body anew with recreateData, and refuses a stream without it', () => {
    const request = {
      data: Readable.from(['a']) as unknown,
      recreateData: () => Readable.from(['b']),
    }
    const first = request.data
    expect(prepareResend(request)).toBe(true)
    expect(request.data).not.toBe(first)
    expect(prepareResend({ data: Readable.from(['a']) })).toBe(false)
    expect(prepareResend({ data: '{"a":1}' })).toBe(true)
  })

  it('refuses when recreateData throws or returns nothing', () => {
    expect(
      prepareResend({
        data: Readable.from(['a']),
        recreateData: () => {
          throw new Error('gone')
        },
      }),
    ).toBe(false)
    expect(prepareResend({ data: Readable.from(['a']), recreateData: () => undefined })).toBe(false)
  })
})
