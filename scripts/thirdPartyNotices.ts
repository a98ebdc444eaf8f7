/**
 * The notices a bundle owes the packages inside it: their names, versions,
 * licenses and license texts, found from esbuild's metafile.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { Metafile } from "esbuild";

/** What {@link thirdPartyNotices} found. */
export interface Notices {
  /** The notices file's text (Markdown). */
  readonly text: string;
  /** The bundled packages, as `name@version`, sorted. */
  readonly packages: readonly string[];
}

interface BundledPackage {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly licenseText: string | undefined;
}

/** The packages among the metafile's inputs (paths relative to `cwd`, the working directory esbuild ran in). */
export function thirdPartyNotices(metafile: Metafile, cwd: string): Notices {
  const roots = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(input);
    if (match) roots.add(path.resolve(cwd, match[1]!));
  }
  const found = [...roots].map(packageAt).sort((a, b) => a.name.localeCompare(b.name));
  const sections = found.map((p) =>
    [`## ${p.name}@${p.version} (${p.license})`, "", p.licenseText ?? "(the package ships no license file)", ""].join(
      "\n",
    ),
  );
  return {
    text: [
      "# Third-party notices",
      "",
      "pulumi-resource-chatmaid.js bundles these npm packages:",
      "",
      ...sections,
    ].join("\n"),
    packages: found.map((p) => `${p.name}@${p.version}`),
  };
}

function packageAt(root: string): BundledPackage {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    name: string;
    version: string;
    license?: string;
  };
  const file = existsSync(root)
    ? readdirSync(root).find((name) => /^(licen[cs]e|copying)(\..*)?$/i.test(name))
    : undefined;
  return {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license ?? "see its license file",
    licenseText: file ? readFileSync(path.join(root, file), "utf8").trim() : undefined,
  };
}
