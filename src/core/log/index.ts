export { consoleLog } from './consoleLog'
export { createLogStep } from './logStep'

export type {
  RequestLogEntry,
  RequestLogLevel,
  RequestLogOptions,
  RequestSendReason,
} from './types'
