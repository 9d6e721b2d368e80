// Development-mode error responses carry the stack, and a stack names the files it ran through. So
// that no path of the machine that ran a capture ends up in a corpus body, a script that records
// such responses imports this module first: it formats every stack the way Node does, with the
// frames' paths relative to this folder (`node_modules/express/lib/...`, `capture-x.mjs:12:5`).
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const captureFolder = path.dirname(fileURLToPath(import.meta.url))

Error.prepareStackTrace = (error, frames) =>
  [
    Error.prototype.toString.call(error),
    ...frames.map((frame) =>
      `    at ${frame}`
        .replaceAll(`file://${captureFolder}/`, '')
        .replaceAll(`${captureFolder}/`, ''),
    ),
  ].join('\n')
