import { abortReason } from '../shared/cancellation'
import type { RefreshedTokens } from './types'

/** What one tab tells the others of a token: enough to attach it and judge its expiry. */
export interface TokenFacts {
  readonly value: string | undefined
  /** On this device's clock, which every tab of the browser shares. */
  readonly expiresAt: number | undefined
  readonly lifetimeMs: number | undefined
}

/** What a refresh in this tab produced, before it is shared. */
export interface LocalRefresh {
  facts: TokenFacts
  /** What the app's refresh() returned, for the other tabs' `onRefreshedElsewhere`. */
  tokens: RefreshedTokens | undefined
}

/** How a refresh ended: this tab ran it, or another tab's result was adopted instead. */
export type RefreshOutcome =
  | { readonly by: 'this-tab'; readonly facts: TokenFacts }
  | {
      readonly by: 'other-tab'
      readonly facts: TokenFacts
      readonly tokens: RefreshedTokens | undefined
    }

/** What the session hears from the other tabs. */
export interface TabEvents {
  refreshedElsewhere(facts: TokenFacts, tokens: RefreshedTokens | undefined): void
  signedOutElsewhere(): void
}

/**
 * Coordinates the refreshes of the tabs that share a session. The single-tab coordinator just
 * runs the refresh; the cross-tab one takes turns with the other tabs.
 */
export interface TabCoordinator {
  /**
   * Runs `refreshHere` when no other tab has refreshed since this tab's token was issued, else
   * adopts that tab's result. Ends early when `signal` aborts.
   */
  refreshExclusively(
    signal: AbortSignal,
    refreshHere: () => Promise<LocalRefresh>,
  ): Promise<RefreshOutcome>
  announceSignOut(): void
  listen(events: TabEvents): void
  close(): void
}

/** The coordinator of a tab alone (Node, workers, browsers without Web Locks or BroadcastChannel). */
export function singleTabCoordinator(): TabCoordinator {
  return {
    refreshExclusively: async (_signal, refreshHere) => ({
      by: 'this-tab',
      facts: (await refreshHere()).facts,
    }),
    announceSignOut: () => undefined,
    listen: () => undefined,
    close: () => undefined,
  }
}

const lockLost = () => new Error('The cross-tab refresh lock could not be taken.')

/** The messages tabs exchange on their channel. */
type TabMessage =
  | {
      readonly type: 'refreshed'
      readonly epoch: number
      readonly facts: TokenFacts
      readonly tokens: RefreshedTokens | undefined
    }
  | { readonly type: 'signed-out' }
  /** A tab that knows a newer epoch than it has the result of asks the tab that holds it. */
  | { readonly type: 'resend'; readonly epoch: number }

/** The parts of the Web Locks API used here (typed locally: not every lib.dom has them). */
interface LockManagerLike {
  request(
    name: string,
    options: { mode?: 'exclusive' | 'shared'; signal?: AbortSignal; steal?: boolean },
    callback: () => Promise<unknown>,
  ): Promise<unknown>
  query(): Promise<{ held?: { name?: string }[] }>
}

interface BroadcastChannelLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  close(): void
}

/** Where the coordinator finds the browser's APIs; tests give it their own. */
export interface TabEnvironment {
  locks: LockManagerLike | undefined
  openChannel: ((name: string) => BroadcastChannelLike) | undefined
}

/** The browser's Web Locks and BroadcastChannel, when this platform has both. */
export function browserTabEnvironment(): TabEnvironment {
  const scope = globalThis as {
    navigator?: { locks?: LockManagerLike }
    BroadcastChannel?: new (name: string) => BroadcastChannelLike
  }
  const Channel = scope.BroadcastChannel
  return {
    locks: scope.navigator?.locks,
    openChannel: Channel ? (name) => new Channel(name) : undefined,
  }
}

/**
 * The coordinator of tabs that share `name`, or the single-tab one where Web Locks or
 * BroadcastChannel is missing.
 *
 * How a refresh is shared. Each refresh has an epoch, one more than the last. The tab that
 * refreshed to epoch N holds a shared lock named `<name>:epoch:N` (so does every tab that adopted
 * it), then posts the result, then releases the refresh lock. A tab that wants to refresh takes the
 * refresh lock and reads the newest epoch from the held locks: the lock manager orders that read
 * after the grant of the epoch lock, whereas a posted message may still be on its way. When the
 * newest epoch is newer than the one its own token came from, it adopts that epoch's result
 * (waiting for the message, asking for it again if it was missed) instead of refreshing; with
 * rotating refresh tokens a second refresh would present a consumed token and end the session.
 */
export function createTabCoordinator(
  name: string,
  { refreshTimeoutMs }: { refreshTimeoutMs: number },
  environment: TabEnvironment = browserTabEnvironment(),
): TabCoordinator {
  const { locks, openChannel } = environment
  if (!locks || !openChannel) return singleTabCoordinator()
  let channel: BroadcastChannelLike
  try {
    channel = openChannel(name)
  } catch {
    return singleTabCoordinator()
  }
  const lockName = `${name}:refresh`
  const epochPrefix = `${name}:epoch:`
  let events: TabEvents | undefined
  // The epoch of the token this tab holds, and the results it knows by epoch (the newest only).
  let adoptedEpoch = 0
  let known: Extract<TabMessage, { type: 'refreshed' }> | undefined
  // Releases the shared lock on the epoch this tab holds.
  let releaseEpochLock: (() => void) | undefined
  const waitingFor = new Map<number, Set<() => void>>()
  let closed = false

  const post = (message: TabMessage) => {
    try {
      channel.postMessage(message)
    } catch {
      // A closed channel or an uncloneable result: the other tabs refresh on their own.
    }
  }

  /** Holds `<name>:epoch:<epoch>` until a newer epoch is held, resolving once it is granted. */
  function holdEpoch(epoch: number): Promise<void> {
    releaseEpochLock?.()
    return new Promise<void>((granted) => {
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      releaseEpochLock = release
      locks!
        .request(`${epochPrefix}${epoch}`, { mode: 'shared' }, () => {
          granted()
          return held
        })
        .catch(() => granted())
    })
  }

  async function newestEpoch(): Promise<number> {
    try {
      const { held = [] } = await locks!.query()
      let newest = adoptedEpoch
      for (const lock of held) {
        const epoch = lock.name?.startsWith(epochPrefix)
          ? Number(lock.name.slice(epochPrefix.length))
          : NaN
        if (Number.isSafeInteger(epoch) && epoch > newest) newest = epoch
      }
      return newest
    } catch {
      return adoptedEpoch
    }
  }

  function adopt(message: Extract<TabMessage, { type: 'refreshed' }>) {
    if (message.epoch <= adoptedEpoch) return false
    adoptedEpoch = message.epoch
    known = message
    void holdEpoch(message.epoch)
    for (const wake of waitingFor.get(message.epoch) ?? []) wake()
    waitingFor.delete(message.epoch)
    return true
  }

  /**
   * The result of `epoch`, once its message arrives (asked for again if it went missing), or
   * `undefined` when none comes within `refreshTimeoutMs`: no tab holds it any longer.
   */
  function resultOf(
    epoch: number,
    signal: AbortSignal,
  ): Promise<Extract<TabMessage, { type: 'refreshed' }> | undefined> {
    if (known?.epoch === epoch) return Promise.resolve(known)
    return new Promise((resolve, reject) => {
      const wakers = waitingFor.get(epoch) ?? new Set()
      waitingFor.set(epoch, wakers)
      const stop = () => {
        clearTimeout(timer)
        wakers.delete(wake)
        signal.removeEventListener('abort', abort)
      }
      const wake = () => {
        stop()
        resolve(known)
      }
      const abort = () => {
        stop()
        reject(abortReason(signal))
      }
      const timer =
        refreshTimeoutMs === Infinity
          ? undefined
          : setTimeout(() => {
              stop()
              resolve(undefined)
            }, refreshTimeoutMs)
      wakers.add(wake)
      signal.addEventListener('abort', abort, { once: true })
      post({ type: 'resend', epoch })
    })
  }

  channel.addEventListener('message', ({ data }) => {
    const message = data as TabMessage | null
    if (closed || typeof message !== 'object' || message === null) return
    if (message.type === 'refreshed') {
      // Adopted only when it is news: the refreshing tab's own result never comes back to it.
      if (adopt(message) && events) events.refreshedElsewhere(message.facts, message.tokens)
    } else if (message.type === 'signed-out') {
      events?.signedOutElsewhere()
    } else if (message.type === 'resend' && known?.epoch === message.epoch) {
      post(known)
    }
  })
  // The epoch this tab starts from: what the others hold now.
  void newestEpoch().then((epoch) => {
    if (epoch > adoptedEpoch) adoptedEpoch = epoch
  })

  return {
    async refreshExclusively(signal, refreshHere) {
      const since = adoptedEpoch
      const turn = async (): Promise<RefreshOutcome> => {
        const newest = await newestEpoch()
        if (newest > since) {
          // Another tab refreshed after this tab's token was issued: use its result.
          const message = await resultOf(newest, signal)
          if (message) return { by: 'other-tab', facts: message.facts, tokens: message.tokens }
        }
        const local = await refreshHere()
        const message: Extract<TabMessage, { type: 'refreshed' }> = {
          type: 'refreshed',
          epoch: newest + 1,
          facts: local.facts,
          tokens: local.tokens,
        }
        adoptedEpoch = message.epoch
        known = message
        await holdEpoch(message.epoch)
        post(message)
        return { by: 'this-tab', facts: local.facts }
      }
      return withRefreshLock(signal, turn)
    },
    announceSignOut: () => post({ type: 'signed-out' }),
    listen(listener) {
      events = listener
    },
    close() {
      closed = true
      releaseEpochLock?.()
      try {
        channel.close()
      } catch {
        // already closed
      }
    },
  }

  /**
   * Runs `turn` holding the refresh lock. A tab that holds it longer than a refresh may take (a
   * frozen tab; a closed one releases it at once) loses it: after `refreshTimeoutMs` of waiting the
   * lock is stolen, so one stuck tab never blocks the others for good.
   */
  function withRefreshLock<T>(signal: AbortSignal, turn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waited = new AbortController()
      const onAbort = () => {
        waited.abort()
        reject(abortReason(signal))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      const run = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
        const result = turn()
        result.then(resolve, reject)
        return result.catch(() => undefined)
      }
      const timer =
        refreshTimeoutMs === Infinity
          ? undefined
          : setTimeout(() => {
              waited.abort()
              if (signal.aborted) return
              locks!.request(lockName, { steal: true }, run).catch(() => reject(lockLost()))
            }, refreshTimeoutMs)
      locks!.request(lockName, { signal: waited.signal }, run).catch((error: unknown) => {
        // Aborted by the steal above, or by the caller: either path settles the promise.
        if (!waited.signal.aborted) {
          clearTimeout(timer)
          reject(error instanceof Error ? error : lockLost())
        }
      })
    })
  }
}
