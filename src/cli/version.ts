/** The package's version, for `omni --version` (bundled into the CLI at build time). */
import pkg from '../../package.json' with { type: 'json' };

/** The version of jimmyai-omni, e.g. `0.1.0`. */
export const VERSION: string = pkg.version;
