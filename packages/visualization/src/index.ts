/** @packageDocumentation Visualizer and visualization backends (local, TensorBoard-style scalars). */
export {};
