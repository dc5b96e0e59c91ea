/** @packageDocumentation MMLogger, MessageHub, HistoryBuffer and LogProcessor: the logging system of a training run. */
export {};
