/** The npm package name, used in the `User-Agent` header and in messages. */
export const PACKAGE_NAME = "@chatmaid/pulumi";

/**
 * The package version. Kept as a literal (not read from package.json at run
 * time) so the provider loads the same from `dist/` and from source; a test
 * keeps it equal to package.json.
 */
export const PACKAGE_VERSION = "0.1.0";

/** The `User-Agent` sent with every request. */
export const USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION} node/${process.versions.node}`;
