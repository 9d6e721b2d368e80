import { fireEvent, screen } from '@testing-library/react'
import { useEffect, useState } from 'react'
import { describe, expect, it } from 'vitest'
import { ApiErrorBoundary } from '../../src/react/ApiErrorBoundary'
import { useApiErrorBoundary } from '../../src/react/useApiErrorBoundary'
import { renderWithApi } from './harness'

describe('useApiErrorBoundary', () => {
  it('gives the same function on every render, so an effect that depends on it runs once', () => {
    const seen = new Set<unknown>()
    let effects = 0
    function Counter() {
      const showBoundary = useApiErrorBoundary()
      const [count, setCount] = useState(0)
      seen.add(showBoundary)
      useEffect(() => {
        effects++
      }, [showBoundary])
      return (
        <button type="button" onClick={() => setCount((c) => c + 1)}>
          clicked {count}
        </button>
      )
    }
    renderWithApi(
      <ApiErrorBoundary fallback={<p>failed</p>}>
        <Counter />
      </ApiErrorBoundary>,
    )
    fireEvent.click(screen.getByRole('button'))
    fireEvent.click(screen.getByRole('button'))
    expect(screen.getByText('clicked 2')).toBeInTheDocument()
    expect(seen.size).toBe(1)
    expect(effects).toBe(1)
  })
})
