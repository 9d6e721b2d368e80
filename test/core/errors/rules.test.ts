// The rules of src/core/errors/rules.ts and the field error readers, held to the corpus: every row
// and reader has a source, removing any of them changes at least one corpus case (so none is dead or
// untested), and test/corpus/README.md states them as the tables say. Run with
// UPDATE_CORPUS_README=1 to rewrite the README's generated part after changing a table.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { normalizeError } from '../../../src/core/errors'
import { FIELD_ERROR_READERS } from '../../../src/core/errors/parsers/fields'
import type { FieldErrorReader } from '../../../src/core/errors/parsers/findings'
import { MESSAGE_GRAMMARS, type MessageGrammar } from '../../../src/core/errors/parsers/grammars'
import * as rules from '../../../src/core/errors/rules'

const root = join(import.meta.dirname, '../../..')
const RULES_FILE = join(root, 'src/core/errors/rules.ts')
const README = join(root, 'test/corpus/README.md')

interface CorpusCase {
  name: string
  response: { status: number; headers?: Record<string, string>; body?: unknown; bodyText?: string }
}
const corpusDir = join(root, 'test/corpus')
const cases = readdirSync(corpusDir)
  .filter((file) => file.endsWith('.json'))
  .flatMap((file) => {
    const { source, cases } = JSON.parse(readFileSync(join(corpusDir, file), 'utf8')) as {
      source: string
      cases: CorpusCase[]
    }
    return cases.map((corpusCase) => ({ ...corpusCase, title: `${source}: ${corpusCase.name}` }))
  })

const FIELDS = ['kind', 'code', 'message', 'requestId', 'fieldErrors', 'retryAfterMs'] as const
/** What normalizeError makes of every corpus case, one string per case. */
const corpusResults = (): string[] =>
  cases.map(({ response }) => {
    const error = normalizeError({
      status: response.status,
      headers: response.headers ?? {},
      data: 'bodyText' in response ? response.bodyText : response.body,
    })
    return JSON.stringify(FIELDS.map((field) => error[field]))
  })

/** The names of the corpus cases whose result differs from `baseline`. */
const changedCases = (baseline: string[]): string[] => {
  const now = corpusResults()
  return cases.filter((_, index) => now[index] !== baseline[index]).map(({ title }) => title)
}

// ---- Reading rules.ts: each table, its doc comment, and each row with the comment above it ----

interface TableSource {
  name: string
  doc: string
  rows: { text: string; source: string }[]
}

const sourceText = readFileSync(RULES_FILE, 'utf8')
const sourceFile = ts.createSourceFile(RULES_FILE, sourceText, ts.ScriptTarget.Latest, true)

/** The text of the comments right before `node`, without comment markers. */
function commentBefore(node: ts.Node): string {
  const ranges = ts.getLeadingCommentRanges(sourceText, node.getFullStart()) ?? []
  return ranges
    .map((range) =>
      sourceText
        .slice(range.pos, range.end)
        .replace(/^\/\*\*?|\*\/$/g, '')
        .split('\n')
        .map((line) => line.replace(/^\s*(\/\/|\*)?\s?/, ''))
        .join(' '),
    )
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The array literal a table is made from: `[...]`, or the argument of `withPaths([...])`. */
function arrayOf(expression: ts.Expression | undefined): ts.ArrayLiteralExpression | undefined {
  if (!expression) return undefined
  if (ts.isArrayLiteralExpression(expression)) return expression
  if (ts.isCallExpression(expression)) return arrayOf(expression.arguments[0])
  if (ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression))
    return arrayOf(expression.expression)
  return undefined
}

const tables: TableSource[] = sourceFile.statements.flatMap((statement) => {
  if (!ts.isVariableStatement(statement)) return []
  return statement.declarationList.declarations.flatMap((declaration) => {
    const array = arrayOf(declaration.initializer)
    if (!array || !ts.isIdentifier(declaration.name)) return []
    return [
      {
        name: declaration.name.text,
        doc: commentBefore(statement),
        rows: array.elements.map((element) => ({
          text: element.getText(sourceFile).replace(/\s+/g, ' '),
          source: commentBefore(element),
        })),
      },
    ]
  })
})

const tableValues = rules as unknown as Record<string, unknown[]>

describe('the rules tables', () => {
  it('are all read from rules.ts, row for row', () => {
    expect(tables.map(({ name }) => name).sort()).toEqual(
      Object.keys(rules)
        .filter((name) => Array.isArray(tableValues[name]))
        .sort(),
    )
    for (const table of tables) expect(table.rows.length).toBe(tableValues[table.name]!.length)
  })

  it('give every row the source that needs it', () => {
    const missing = tables.flatMap(({ name, rows }) =>
      rows.filter(({ source }) => !source).map(({ text }) => `${name}: ${text}`),
    )
    expect(missing).toEqual([])
  })
})

describe('every rule decides at least one corpus case', () => {
  const baseline = corpusResults()

  // A row of a path table is taken out by giving it no path to read.
  const pathTables = tables.filter(({ name }) => {
    const first = tableValues[name]![0]
    return typeof first === 'object' && first !== null && 'paths' in first
  })
  const pathRows = pathTables.flatMap(({ name, rows }) =>
    rows.map((row, index) => ({ title: `${name}: ${row.text}`, name, index })),
  )
  it.each(pathRows)('$title', ({ name, index }) => {
    const rule = tableValues[name]![index] as rules.PathRule
    const paths = rule.paths
    rule.paths = []
    try {
      expect(changedCases(baseline)).not.toEqual([])
    } finally {
      rule.paths = paths
    }
  })

  // Lists of rows or readers that are read at each call are taken out of the list.
  const withoutEntry = <T>(list: readonly T[], index: number, check: () => void) => {
    const entries = list as T[]
    const [removed] = entries.splice(index, 1)
    try {
      check()
    } finally {
      entries.splice(index, 0, removed!)
    }
  }
  const listed: [string, readonly unknown[]][] = [
    ['REQUEST_ID_HEADERS', rules.REQUEST_ID_HEADERS],
    ['FIELD_ERROR_READERS', FIELD_ERROR_READERS],
    ['MESSAGE_GRAMMARS', MESSAGE_GRAMMARS],
  ]
  const listedEntries = listed.flatMap(([name, list]) =>
    list.map((entry, index) => ({
      title: `${name}: ${typeof entry === 'function' ? (entry as FieldErrorReader | MessageGrammar).name : JSON.stringify(entry, (_, value: unknown) => (value instanceof RegExp ? String(value) : value))}`,
      list,
      index,
    })),
  )
  it.each(listedEntries)('$title', ({ list, index }) => {
    withoutEntry(list, index, () => expect(changedCases(baseline)).not.toEqual([]))
  })

  // The kind table is looked up by status and code: each row must give some case its kind.
  it.each(rules.KIND_RULES.map((rule) => ({ title: `KIND_RULES: ${rule.kind}`, rule })))(
    '$title',
    ({ rule }) => {
      const decided = cases.some(({ response }) => {
        const error = normalizeError({
          status: response.status,
          headers: response.headers ?? {},
          data: 'bodyText' in response ? response.bodyText : response.body,
        })
        return (
          error.kind === rule.kind &&
          (response.status >= 400
            ? rule.statuses.includes(response.status)
            : rule.codes.includes(error.code?.toLowerCase() ?? ''))
        )
      })
      expect(decided).toBe(true)
    },
  )
})

// ---- The README's generated part ----

const START =
  '<!-- rules: generated from src/core/errors/rules.ts by test/core/errors/rules.test.ts -->'
const END = '<!-- rules: end -->'

function renderTables(): string {
  return tables
    .map(({ name, doc, rows }) =>
      [
        `#### ${name}`,
        '',
        doc,
        '',
        '| rule | source |',
        '| --- | --- |',
        ...rows.map(
          ({ text, source }) =>
            `| \`${text.replace(/\|/g, '\\|')}\` | ${source.replace(/\|/g, '\\|')} |`,
        ),
      ].join('\n'),
    )
    .join('\n\n')
}

describe('test/corpus/README.md', () => {
  it('states the rules as the tables of rules.ts say', () => {
    const readme = readFileSync(README, 'utf8')
    const start = readme.indexOf(START)
    const end = readme.indexOf(END)
    expect(start, `README lacks the marker ${START}`).toBeGreaterThanOrEqual(0)
    const generated = `${START}\n\n${renderTables()}\n\n${END}`
    const current = readme.slice(start, end + END.length)
    if (process.env.UPDATE_CORPUS_README && current !== generated)
      writeFileSync(README, readme.slice(0, start) + generated + readme.slice(end + END.length))
    else
      expect(
        current,
        'run UPDATE_CORPUS_README=1 npx vitest run test/core/errors/rules.test.ts',
      ).toBe(generated)
  })
})
