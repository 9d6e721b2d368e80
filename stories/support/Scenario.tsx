import type { ReactNode } from 'react'

/** The frame of every story: what it shows, in a sentence or two, then the live part. */
export function Scenario({
  title,
  children,
  intro,
}: {
  title: string
  intro: ReactNode
  children: ReactNode
}) {
  return (
    <article style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 1100, lineHeight: 1.4 }}>
      <h2 style={{ fontSize: 18, margin: '0 0 4px' }}>{title}</h2>
      <p style={{ margin: '0 0 12px', color: '#374151', fontSize: 14 }}>{intro}</p>
      {children}
    </article>
  )
}

export const buttonStyle = {
  padding: '4px 12px',
  marginRight: 8,
  marginBottom: 4,
  borderRadius: 4,
  border: '1px solid #9ca3af',
  background: '#f9fafb',
  cursor: 'pointer',
  fontSize: 13,
} as const

export function Button(props: { onClick: () => void; children: ReactNode; disabled?: boolean }) {
  return (
    <button
      type="button"
      style={buttonStyle}
      onClick={props.onClick}
      disabled={props.disabled ?? false}
    >
      {props.children}
    </button>
  )
}
