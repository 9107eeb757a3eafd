/**
 * The few functions of `semver` the tests use. semver is in node_modules through the
 * dev tools (npm's own version rules), without type declarations of its own; a
 * dependency on @types/semver for three functions is not worth its weight.
 */
declare module 'semver' {
  interface SemVer {
    version: string;
  }
  const semver: {
    coerce(version: string): SemVer | null;
    satisfies(version: string, range: string): boolean;
    gte(a: string, b: string): boolean;
  };
  export default semver;
}
