/** @packageDocumentation Helpers for tests of code that logs: capture what the current MMLogger prints. */
export { type CaptureLogOptions, captureLog } from './capture-log';
