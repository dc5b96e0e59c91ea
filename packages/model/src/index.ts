/** @packageDocumentation BaseModule, BaseModel, layers, data preprocessors, weight initialization, EMA and data elements on TensorFlow.js. */
export {};
