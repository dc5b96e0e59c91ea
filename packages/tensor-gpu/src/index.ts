/** @packageDocumentation Picks the fastest TensorFlow.js backend, fills its missing training kernels, seeds it, and reads/writes safetensors. */
export {};
