// The engine version stamped on every record. Kept here as a literal (not read from
// package.json) so the built package needs no package.json beside dist/; a test checks that
// it matches package.json's version.
export const ENGINE_VERSION = '0.1.0';
