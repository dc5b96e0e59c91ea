/** @packageDocumentation BaseDataset, dataset wrappers, samplers, transforms and the data loader. */
export {};
