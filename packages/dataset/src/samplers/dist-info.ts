// The rank and world size samplers split by: `@eng/internal`'s reader of what `@eng/dist` installs.
export { DIST_INFO_KEY, type DistInfo, getDistInfo } from '@eng/internal';
