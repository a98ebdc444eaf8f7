/**
 * The layout the README describes, checked on the import graph: one program
 * per folder, dependencies pointing one way, and no import cycles.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const SOURCE_FOLDERS = ["provider", "sdk", "cli", "emulator", "testing", "demo", "bench"];

/** Every source file (repository-relative) and the repository files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) graph.set(rel, importsOf(rel));
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(folder);
  return graph;
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(ROOT, file), "utf8"), true, true);
  const out: string[] = [];
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith(".")) continue;
    const target = path.join(path.dirname(file), fileName);
    const found = [`${target}.ts`, path.join(target, "index.ts")].find((c) => existsSync(path.join(ROOT, c)));
    if (found) out.push(found);
  }
  return out;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const folderOf = (file: string): string => file.split(path.sep)[0]!;

describe("layout", () => {
  const graph = importGraph();

  it("has no import cycles", () => {
    assert.deepEqual(cycles(graph), []);
  });

  // Which folders each folder may import from; the emulator is a stand-in for
  // Chatmaid and shares nothing with the client.
  const allowed: Record<string, string[]> = {
    provider: ["provider"],
    sdk: ["sdk", "provider"],
    cli: ["cli", "provider"],
    emulator: ["emulator"],
    testing: ["testing"],
    demo: ["demo", "cli", "provider", "emulator", "testing"],
    bench: ["bench", "provider", "sdk", "emulator", "test"],
  };
  for (const [folder, may] of Object.entries(allowed)) {
    it(`${folder}/ imports only from ${may.join(", ")}`, () => {
      const wrong = [...graph]
        .filter(([file]) => folderOf(file) === folder)
        .flatMap(([file, deps]) => deps.filter((d) => !may.includes(folderOf(d))).map((d) => `${file} -> ${d}`));
      assert.deepEqual(wrong, []);
    });
  }

  it("resolves settings below the client: settings.ts builds no client or reader", () => {
    const deps = graph.get(path.join("provider", "settings.ts"))!;
    assert.ok(deps.length > 0);
    for (const below of ["client.ts", "phoneNumberReader.ts", "httpTransport.ts"]) {
      assert.ok(!deps.includes(path.join("provider", below)), `settings.ts imports ${below}`);
    }
  });

  it("has one wait loop and one sleep", () => {
    const all = [...graph.keys()].map((file) => [file, readFileSync(path.join(ROOT, file), "utf8")] as const);
    const loops = all.filter(([, text]) => /export (async )?function waitUntilConnected\b/.test(text)).map(([f]) => f);
    const sleeps = all.filter(([, text]) => /function sleep\(/.test(text)).map(([f]) => f);
    assert.deepEqual(loops, [path.join("provider", "waitLoop.ts")]);
    assert.deepEqual(sleeps, [path.join("provider", "sleep.ts")]);
  });
});
