import { preset } from '../../tsup.preset';

// shims: the WASM loader finds its binaries relative to this module (import.meta.url / __filename in both builds).
export default preset({ shims: true });
