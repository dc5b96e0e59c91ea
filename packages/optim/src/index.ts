/** @packageDocumentation PyTorch-faithful optimizers, OptimWrapper, paramwise configs and every MMEngine parameter scheduler. */
export {};
