/** @packageDocumentation Configs and checkpoints shipped in packages: get a config or a pretrained model by name. */
export {};
