/**
 * The README as a user reads it, on the registry page too: every TypeScript
 * snippet compiles in a default Pulumi TypeScript project (CommonJS, so no
 * top-level `await`), the stack-test snippets are the example files CI runs,
 * and every link works away from the repository.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { manifest, PULUMI_NEW_TSCONFIG } from "./package/freshProject";

const ROOT = path.join(__dirname, "..");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const STACK_TEST = path.join(ROOT, "examples", "stack-test");

/** The ```ts blocks of the README. */
function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe("README snippets and links", function () {
  this.timeout(120_000);

  it("shows examples/stack-test exactly as it is, program and test", () => {
    const blocks = typescriptBlocks(README);
    for (const file of ["index.ts", "index.test.ts"]) {
      assert.ok(
        blocks.includes(readFileSync(path.join(STACK_TEST, file), "utf8")),
        `the README's copy of ${file} drifted`,
      );
    }
  });

  it("every other TypeScript snippet compiles in a default Pulumi TypeScript project", () => {
    const stackTest = ["index.ts", "index.test.ts"].map((f) => readFileSync(path.join(STACK_TEST, f), "utf8"));
    const snippets = typescriptBlocks(README).filter((b) => !stackTest.includes(b));
    assert.ok(snippets.length >= 1);
    // Inside the repository, so `@chatmaid/pulumi` resolves to this package (its self-link) as in a user's project.
    const dir = mkdtempSync(path.join(ROOT, ".readme-snippets-"));
    try {
      const files = snippets.map((snippet, i) => {
        const name = `snippet${i}.ts`;
        writeFileSync(path.join(dir, name), snippet);
        return name;
      });
      writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          ...PULUMI_NEW_TSCONFIG,
          compilerOptions: { ...PULUMI_NEW_TSCONFIG.compilerOptions, noEmit: true },
          files,
        }),
      );
      const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", dir, "--pretty", "false"], {
        encoding: "utf8",
      });
      assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}\n--- snippets ---\n${snippets.join("\n---\n")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("links work on the registry page: absolute, to files that exist, or to a heading of its own", () => {
    const repository = manifest as unknown as { repository: { url: string } };
    const base = `${repository.repository.url.replace(/^git\+/, "").replace(/\.git$/, "")}/blob/main/`;
    const headings = new Set(
      [...README.matchAll(/^#+ (.+)$/gm)].map((m) =>
        m[1]!
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, "")
          .replace(/ /g, "-"),
      ),
    );
    const links = [...README.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(links.length >= 5);
    for (const link of links) {
      if (link.startsWith("#")) assert.ok(headings.has(link.slice(1)), `no heading for ${link}`);
      else if (link.startsWith(base))
        assert.ok(existsSync(path.join(ROOT, link.slice(base.length))), `${link} names no file`);
      else assert.match(link, /^https:\/\//, `a relative link is dead on the registry page: ${link}`);
    }
  });
});
