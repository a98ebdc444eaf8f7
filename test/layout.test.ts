/**
 * The layout the README describes, checked on the import graph: one program
 * per folder, dependencies pointing one way, and no import cycles.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const SOURCE_FOLDERS = ["core", "provider", "sdk", "cli", "emulator", "testing", "demo", "bench"];

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

/**
 * The part of the layout a file belongs to: `core/<part>` and
 * `provider/<adapter>` by their subfolder, anything else by its top folder.
 */
function partOf(file: string): string {
  const [top, sub, ...rest] = file.split(path.sep);
  if ((top === "core" || top === "provider") && rest.length > 0) return `${top}/${sub}`;
  return top!;
}

/**
 * Which parts each part may import from, as ARCHITECTURE.md states them:
 * the core's three floors point one way (model, then client, then the
 * phone-number behaviour); the two engine adapters stand on the core and never
 * on each other; the emulator, a stand-in for Chatmaid, shares only the model.
 */
const CORE = ["core/model", "core/client", "core/phoneNumbers"];
const ALLOWED: Record<string, string[]> = {
  "core/model": ["core/model"],
  "core/client": ["core/model", "core/client"],
  "core/phoneNumbers": CORE,
  "provider/dynamic": [...CORE, "provider/dynamic"],
  "provider/plugin": [...CORE, "provider/plugin"],
  provider: [...CORE, "provider/dynamic", "provider"],
  sdk: ["sdk", ...CORE, "provider", "provider/dynamic"],
  cli: ["cli", ...CORE],
  emulator: ["emulator", "core/model"],
  testing: ["testing", "provider"],
  demo: ["demo", "cli", ...CORE, "emulator", "testing"],
  bench: ["bench", ...CORE, "provider", "provider/dynamic", "sdk", "emulator", "test"],
};

describe("layout", () => {
  const graph = importGraph();

  it("has no import cycles", () => {
    assert.deepEqual(cycles(graph), []);
  });

  it("puts every source file in a part ARCHITECTURE.md names", () => {
    const unplaced = [...graph.keys()].filter((file) => !(partOf(file) in ALLOWED));
    assert.deepEqual(unplaced, []);
  });

  for (const [part, may] of Object.entries(ALLOWED)) {
    it(`${part}/ imports only from ${may.join(", ")}`, () => {
      const wrong = [...graph]
        .filter(([file]) => partOf(file) === part)
        .flatMap(([file, deps]) => deps.filter((d) => !may.includes(partOf(d))).map((d) => `${file} -> ${d}`));
      assert.deepEqual(wrong, []);
    });
  }

  it("ARCHITECTURE.md states the same import rules", () => {
    const all = readFileSync(path.join(ROOT, "ARCHITECTURE.md"), "utf8");
    const text = all.slice(all.indexOf("## Who may import whom"));
    for (const [part, may] of Object.entries(ALLOWED)) {
      const row = text.split("\n").find((line) => line.startsWith(`| \`${part}/\``));
      assert.ok(row, `ARCHITECTURE.md has no row for ${part}/`);
      const stated = [...row.split("|")[2]!.matchAll(/`([a-z/A-Z]+)\/`/g)].map((m) => m[1]!);
      assert.deepEqual([...stated].sort(), [...may].sort(), `ARCHITECTURE.md's row for ${part}/`);
    }
  });

  it("resolves settings below the client: the settings import no client or reader", () => {
    const deps = graph.get(path.join("core", "model", "settings.ts"))!;
    assert.ok(deps.length > 0);
    assert.deepEqual(
      deps.filter((d) => partOf(d) !== "core/model"),
      [],
    );
  });

  it("has one wait loop and one sleep", () => {
    const all = [...graph.keys()].map((file) => [file, readFileSync(path.join(ROOT, file), "utf8")] as const);
    const loops = all.filter(([, text]) => /export (async )?function waitUntilConnected\b/.test(text)).map(([f]) => f);
    const sleeps = all.filter(([, text]) => /function sleep\(/.test(text)).map(([f]) => f);
    assert.deepEqual(loops, [path.join("core", "phoneNumbers", "waitLoop.ts")]);
    assert.deepEqual(sleeps, [path.join("core", "client", "sleep.ts")]);
  });
});
