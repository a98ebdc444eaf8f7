/**
 * Loaded before every test file (.mocharc.json): each test process, and the
 * children it starts, paces its requests alone unless a test says otherwise,
 * so no test shares a budget or a cached read with another test (a new
 * process is a new deployment there), or with the developer's own
 * deployments through their cache folder or Redis. The tests of sharing
 * (test/core/client/store/) set the store for their own processes. It also
 * puts this repository under its package name (see packageByName.ts).
 */

import { linkPackageByName, resolvePackageToSources } from "./packageByName";

/** The settings every test child gets after its `CHATMAID_*` variables are cleared. */
export const ISOLATED_STORE: Readonly<Record<string, string>> = { CHATMAID_SHARED_STORE: "off" };

Object.assign(process.env, ISOLATED_STORE);
delete process.env.CHATMAID_SHARED_STORE_PASSWORD;

linkPackageByName();
resolvePackageToSources();
