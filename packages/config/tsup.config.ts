import { preset } from '../../tsup.preset';

// shims: the CJS build gets an import.meta.url for the lazy `require('yaml')`
export default preset({ shims: true });
