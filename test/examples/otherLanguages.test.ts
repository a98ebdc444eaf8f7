/**
 * The examples for other languages (examples/yaml, examples/python), checked
 * against the provider plugin's schema. The Pulumi CLI is not available here,
 * so nothing runs them: these tests check that every token, argument, property
 * and attribute they use is one the schema (and, for Python, the SDK that
 * codegen makes from it) has. Each checker returns its problems; every test
 * also feeds it an example broken on purpose, so no check passes vacuously.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import YAML from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const PLUGIN_DIR = path.join(ROOT, "provider", "cmd", "pulumi-resource-chatmaid");
const YAML_DIR = path.join(ROOT, "examples", "yaml");
const PYTHON_DIR = path.join(ROOT, "examples", "python");

// The parts of the package schema the examples touch.
interface PropertySpec {
  type?: string;
  items?: PropertySpec;
  $ref?: string;
}
type Properties = Record<string, PropertySpec>;
interface ResourceSpec {
  inputProperties?: Properties;
  requiredInputs?: string[];
  properties?: Properties;
}
interface FunctionSpec {
  inputs?: { properties?: Properties; required?: string[] };
  outputs?: { properties?: Properties };
}
interface PackageSchema {
  name: string;
  provider: ResourceSpec;
  resources: Record<string, ResourceSpec>;
  functions: Record<string, FunctionSpec>;
  types: Record<string, { properties?: Properties }>;
  language: { python: { packageName: string } };
}

const schema = JSON.parse(readFileSync(path.join(PLUGIN_DIR, "schema.json"), "utf8")) as PackageSchema;

const read = (file: string): string => readFileSync(file, "utf8");
const names = (props: Properties | undefined): string[] => Object.keys(props ?? {});

/**
 * A schema token as a program writes it: `chatmaid:PhoneNumber` is short for
 * `chatmaid:index:PhoneNumber` (the index module), as Pulumi YAML resolves it.
 */
function fullToken(token: string): string {
  const parts = token.split(":");
  return parts.length === 2 ? `${parts[0]}:index:${parts[1]}` : token;
}

/** The resource a YAML `type` names, the provider included, or undefined. */
function resourceSpec(type: string): ResourceSpec | undefined {
  if (type === `pulumi:providers:${schema.name}`) return schema.provider;
  return schema.resources[fullToken(type)];
}

/** Where `npm install @chatmaid/pulumi` puts the plugin folder, relative to the project. */
const INSTALLED_PLUGIN_DIR = "node_modules/@chatmaid/pulumi/provider/cmd/pulumi-resource-chatmaid";

/**
 * Problems with a project's `plugins.providers` entry: it must name the
 * plugin folder as the installed package holds it, which holds the schema.
 */
function pluginProblems(project: { plugins?: { providers?: { name?: string; path?: string }[] } }) {
  const entry = project.plugins?.providers?.find((p) => p.name === schema.name);
  if (!entry?.path) return [`plugins.providers has no ${schema.name} entry with a path`];
  return entry.path === INSTALLED_PLUGIN_DIR && existsSync(path.join(PLUGIN_DIR, "schema.json"))
    ? []
    : [`plugins.providers ${entry.path} is not the installed plugin folder ${INSTALLED_PLUGIN_DIR}`];
}

// Pulumi YAML.

/** Resource options Pulumi YAML accepts (pulumi-yaml's ResourceOptionsDecl). */
const YAML_RESOURCE_OPTIONS = [
  "additionalSecretOutputs",
  "aliases",
  "customTimeouts",
  "deleteBeforeReplace",
  "deletedWith",
  "dependsOn",
  "hideDiffs",
  "ignoreChanges",
  "import",
  "parent",
  "pluginDownloadURL",
  "protect",
  "provider",
  "providers",
  "replaceOnChanges",
  "retainOnDelete",
  "version",
];
/** Invoke options Pulumi YAML accepts. */
const YAML_INVOKE_OPTIONS = ["dependsOn", "parent", "pluginDownloadURL", "provider", "version"];

interface YamlProgram {
  runtime?: string | { name?: string };
  plugins?: { providers?: { name?: string; path?: string }[] };
  config?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  resources?: Record<
    string,
    { type?: string; properties?: Record<string, unknown>; options?: Record<string, unknown> }
  >;
  outputs?: Record<string, unknown>;
}

interface Invoke {
  function?: string;
  arguments?: Record<string, unknown>;
  options?: Record<string, unknown>;
  return?: string;
}

/** Every `fn::invoke` in a YAML value, with where it is. */
function invokes(value: unknown, at: string): [string, Invoke][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => invokes(v, `${at}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === "fn::invoke" ? [[at, v as Invoke] as [string, Invoke]] : invokes(v, `${at}.${k}`),
  );
}

/** Every `${...}` reference in a YAML value: the name, then the first property read from it, if any. */
function references(value: unknown): { root: string; property?: string; text: string }[] {
  if (typeof value === "string") {
    return [...value.matchAll(/\$\{([^}]+)\}/g)].map(([text, body]) => {
      const [, root, property] = /^\s*([A-Za-z_][\w-]*)(?:\.([A-Za-z_]\w*))?/.exec(body!) ?? [];
      return { root: root ?? "", ...(property ? { property } : {}), text };
    });
  }
  if (Array.isArray(value)) return value.flatMap(references);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(references);
  return [];
}

/** Problems with a Pulumi YAML program against the schema. */
function yamlProblems(program: YamlProgram): string[] {
  const problems: string[] = [];
  const runtime = typeof program.runtime === "string" ? program.runtime : program.runtime?.name;
  if (runtime !== "yaml") problems.push(`runtime is ${runtime}, not yaml`);

  // What `${name.property}` may read, by name.
  const readable = new Map<string, string[] | "any">();
  for (const name of Object.keys(program.config ?? {})) readable.set(name, "any");
  readable.set("pulumi", "any"); // pulumi.stack, pulumi.project, ...

  for (const [name, resource] of Object.entries(program.resources ?? {})) {
    const spec = resource.type ? resourceSpec(resource.type) : undefined;
    if (!spec) {
      problems.push(`resource ${name}: type ${resource.type} is not in the schema`);
      continue;
    }
    readable.set(name, [...names(spec.properties), "id", "urn"]);
    const given = Object.keys(resource.properties ?? {});
    for (const p of given.filter((p) => !names(spec.inputProperties).includes(p))) {
      problems.push(`resource ${name}: ${resource.type} has no input ${p}`);
    }
    for (const p of (spec.requiredInputs ?? []).filter((p) => !given.includes(p))) {
      problems.push(`resource ${name}: required input ${p} is missing`);
    }
    for (const o of Object.keys(resource.options ?? {}).filter((o) => !YAML_RESOURCE_OPTIONS.includes(o))) {
      problems.push(`resource ${name}: ${o} is not a resource option`);
    }
  }

  for (const [at, invoke] of invokes(program, "")) {
    const spec = invoke.function ? schema.functions[fullToken(invoke.function)] : undefined;
    if (!spec) {
      problems.push(`${at}: function ${invoke.function} is not in the schema`);
      continue;
    }
    const inputs = names(spec.inputs?.properties);
    const outputs = names(spec.outputs?.properties);
    const given = Object.keys(invoke.arguments ?? {});
    for (const a of given.filter((a) => !inputs.includes(a)))
      problems.push(`${at}: ${invoke.function} has no input ${a}`);
    for (const a of (spec.inputs?.required ?? []).filter((a) => !given.includes(a))) {
      problems.push(`${at}: required input ${a} is missing`);
    }
    for (const o of Object.keys(invoke.options ?? {}).filter((o) => !YAML_INVOKE_OPTIONS.includes(o))) {
      problems.push(`${at}: ${o} is not an invoke option`);
    }
    if (invoke.return !== undefined && !outputs.includes(invoke.return)) {
      problems.push(`${at}: ${invoke.function} has no output ${invoke.return}`);
    }
    // A variable that is the invoke reads its outputs; with `return`, whatever that output holds.
    const variable = /^\.variables\.([^.[]+)$/.exec(at)?.[1];
    if (variable) readable.set(variable, invoke.return === undefined ? outputs : "any");
  }
  for (const name of Object.keys(program.variables ?? {})) if (!readable.has(name)) readable.set(name, "any");

  for (const ref of references(program)) {
    const allowed = readable.get(ref.root);
    if (!allowed) problems.push(`${ref.text}: ${ref.root} is not a resource, variable or config value`);
    else if (ref.property && allowed !== "any" && !allowed.includes(ref.property)) {
      problems.push(`${ref.text}: ${ref.root} has no output ${ref.property}`);
    }
  }
  return problems;
}

// Python.

/** Names that shipped with the older algorithm and keep it (pkg/codegen/python/python.go useLegacyName). */
const PY_LEGACY_NAMES = new Set(["openXJsonSerDe", "GetPublicIPs", "GetUptimeCheckIPs"]);
/** Python 2 and 3 keywords, which codegen suffixes with `_` (EnsureKeywordSafe). */
const PY_KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except exec finally for " +
    "from global if import in is lambda nonlocal not or pass print raise return try while with yield"
  ).split(" "),
);

/**
 * A schema name as Pulumi's Python codegen spells it (PyName in
 * pkg/codegen/python/python.go): camelCase to snake_case, keeping an acronym
 * together with digits or a plural `s` that follow it (`SHA256Hash` ->
 * `sha256_hash`, `phoneIds` -> `phone_ids`, `qrCodeURL` -> `qr_code_url`),
 * characters not allowed in an identifier replaced by `_`, and keywords
 * suffixed with `_`. Only ASCII identifiers are handled, which every schema
 * name here is.
 */
function pyName(name: string): string {
  const legacy = PY_LEGACY_NAMES.has(name);
  const isUpper = (c: string) => c >= "A" && c <= "Z";
  const isDigit = (c: string) => c >= "0" && c <= "9";
  const words: string[] = [];
  let word = "";
  // first: nothing yet; upper: one capital after a lowercase letter or digit; acronym: capitals in a row; lower: lowercase or digit.
  let state: "first" | "upper" | "acronym" | "lower" = "first";
  for (let c of name) {
    if (!/[A-Za-z0-9_]/.test(c)) c = "_";
    if (state === "first") {
      if (isDigit(c)) word += "_";
      state = isUpper(c) ? "upper" : "lower";
      word += c.toLowerCase();
    } else if (state === "upper") {
      state = isUpper(c) ? "acronym" : "lower";
      word += c.toLowerCase();
    } else if (state === "acronym") {
      if (isUpper(c)) word += c.toLowerCase();
      else if (isDigit(c) || (c === "s" && !legacy)) {
        word += c;
        state = "lower";
      } else {
        // The acronym's last capital starts the next word (`URLPath` -> `url_path`).
        words.push(word.slice(0, -1));
        word = word.slice(-1) + c;
        state = "lower";
      }
    } else if (isUpper(c)) {
      words.push(word);
      word = c.toLowerCase();
      state = "upper";
    } else word += c;
  }
  words.push(word);
  const result = words.filter((w) => w !== "").join("_");
  return PY_KEYWORDS.has(result) ? `${result}_` : result;
}

/** A resource `__init__` parameter: codegen suffixes `resource_name` and `opts` with `_` (InitParamName). */
const initParam = (name: string): string => {
  const py = pyName(name);
  return py === "resource_name" || py === "opts" ? `${py}_` : py;
};

/** What a `chatmaid.<name>(...)` call is in the generated SDK: its keyword arguments and the attributes of its result. */
interface PythonCallable {
  readonly kwargs: string[];
  readonly required: string[];
  readonly attributes: string[];
}

/** Every callable the generated SDK has, by Python name. */
function pythonSdk(): Map<string, PythonCallable> {
  const sdk = new Map<string, PythonCallable>();
  const resource = (spec: ResourceSpec): PythonCallable => ({
    // `args=` is the other overload: an args object instead of keywords.
    kwargs: [...names(spec.inputProperties).map(initParam), "resource_name", "args", "opts"],
    required: (spec.requiredInputs ?? []).map(initParam),
    attributes: [...names(spec.properties).map(pyName), "id", "urn"],
  });
  for (const [token, spec] of Object.entries(schema.resources)) sdk.set(token.split(":")[2]!, resource(spec));
  sdk.set("Provider", resource(schema.provider));
  for (const [token, spec] of Object.entries(schema.functions)) {
    const fn: PythonCallable = {
      kwargs: [...names(spec.inputs?.properties).map(pyName), "opts"],
      required: (spec.inputs?.required ?? []).map(pyName),
      attributes: names(spec.outputs?.properties).map(pyName),
    };
    // `get_x` returns the result; `get_x_output` an Output of it, whose attributes lift the result's.
    sdk.set(pyName(token.split(":")[2]!), fn);
    sdk.set(`${pyName(token.split(":")[2]!)}_output`, { ...fn, attributes: [...fn.attributes, "apply"] });
  }
  return sdk;
}

/** The Python names of the properties of the object type an array property holds, if it holds one. */
function elementAttributes(spec: FunctionSpec | ResourceSpec, attribute: string): string[] | undefined {
  const props = "outputs" in spec ? spec.outputs?.properties : (spec as ResourceSpec).properties;
  const property = Object.entries(props ?? {}).find(([n]) => pyName(n) === attribute)?.[1];
  const ref = property?.type === "array" ? property.items?.$ref : undefined;
  const type = ref?.startsWith("#/types/") ? schema.types[ref.slice("#/types/".length)] : undefined;
  return type ? names(type.properties).map(pyName) : undefined;
}

/** The text between the parentheses that open at `open`, skipping parentheses inside strings. */
function callArguments(source: string, open: number): string {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return source.slice(open + 1, i);
    }
  }
  return source.slice(open + 1);
}

/** The keyword arguments of one call, not those of calls nested in it. */
function keywordArguments(args: string): string[] {
  let flat = args.replace(/(["'])(?:\\.|(?!\1)[^\\])*\1/g, '""');
  // Drop nested brackets from the inside out, so `opts=pulumi.ResourceOptions(provider=p)` leaves only `opts=`.
  let before: string;
  do {
    before = flat;
    flat = flat.replace(/\([^()[\]{}]*\)|\[[^()[\]{}]*\]|\{[^()[\]{}]*\}/g, "");
  } while (flat !== before);
  return [...flat.matchAll(/(?:^|,)\s*(\w+)\s*=(?!=)/g)].map((m) => m[1]!);
}

/**
 * Problems with a Python program against the SDK codegen would generate.
 * Simple regexes, so limits: the SDK must be imported `as chatmaid` and used
 * as `chatmaid.<name>(...)`; arguments are checked only when passed by
 * keyword (a resource's name may be positional); `**kwargs` and aliases of
 * the module or of results are not followed; attributes are checked on
 * variables assigned a call's result (`x = chatmaid.f(...)`) and on loop
 * variables over a result's list of records (`for r in x.phone_numbers`), not
 * inside lambdas or after reassignment; `#` inside a string ends it early.
 */
function pythonProblems(source: string): string[] {
  const problems: string[] = [];
  const code = source.replace(/("""|''')[\s\S]*?\1/g, '""').replace(/#.*$/gm, "");
  const module = /^import\s+([\w.]+)\s+as\s+chatmaid\s*$/m.exec(code)?.[1];
  if (module !== schema.language.python.packageName) {
    problems.push(`the SDK is not imported as \`import ${schema.language.python.packageName} as chatmaid\``);
  }
  const sdk = pythonSdk();
  for (const call of code.matchAll(/\bchatmaid\.(\w+)\(/g)) {
    const callable = sdk.get(call[1]!);
    if (!callable) {
      problems.push(`chatmaid.${call[1]} is not in the generated SDK`);
      continue;
    }
    const given = keywordArguments(callArguments(code, call.index + call[0].length - 1));
    for (const kw of given.filter((k) => !callable.kwargs.includes(k))) {
      problems.push(`chatmaid.${call[1]}() takes no argument ${kw} (it takes ${callable.kwargs.join(", ")})`);
    }
    for (const kw of callable.required.filter((k) => !given.includes(k))) {
      problems.push(`chatmaid.${call[1]}() misses its required argument ${kw}`);
    }
  }

  // Which attributes each variable has: results of calls, then loop variables over their record lists.
  const attributes = new Map<string, string[]>();
  const specs = new Map<string, FunctionSpec | ResourceSpec>();
  for (const [, variable, callee] of code.matchAll(/^(\w+)\s*=\s*chatmaid\.(\w+)\(/gm)) {
    const callable = sdk.get(callee!);
    if (!callable) continue;
    attributes.set(variable!, callable.attributes);
    const token = Object.keys(schema.functions).find(
      (t) => callee!.replace(/_output$/, "") === pyName(t.split(":")[2]!),
    );
    const spec = token
      ? schema.functions[token]
      : callee === "Provider"
        ? schema.provider
        : schema.resources[fullToken(`${schema.name}:${callee}`)];
    if (spec) specs.set(variable!, spec);
  }
  for (const [, loopVariable, variable, attribute] of code.matchAll(/\bfor\s+(\w+)\s+in\s+(\w+)\.(\w+)/g)) {
    const spec = specs.get(variable!);
    const element = spec ? elementAttributes(spec, attribute!) : undefined;
    if (element) attributes.set(loopVariable!, element);
  }
  for (const [text, variable, attribute] of code.matchAll(/(?<![\w.])(\w+)\.(\w+)/g)) {
    const allowed = attributes.get(variable!);
    if (allowed && !allowed.includes(attribute!)) problems.push(`${text}: ${variable} has no attribute ${attribute}`);
  }
  return problems;
}

// The tests.

/** Asserts that `check` finds nothing in `example` and something in each broken copy. */
function assertChecks<T>(check: (example: T) => string[], example: T, breaks: [string, (example: T) => T][]): void {
  assert.deepEqual(check(example), []);
  for (const [what, breakIt] of breaks) {
    assert.notDeepEqual(check(breakIt(example)), [], `the check did not notice ${what}`);
  }
}

/** A `fn::invoke` of getPhoneNumbers with these arguments. */
function invoke(args: Record<string, unknown>): unknown {
  return { "fn::invoke": { function: "chatmaid:getPhoneNumbers", arguments: args } };
}

/** A YAML program with one change, made on a copy. */
function changed(program: YamlProgram, change: (copy: YamlProgram) => void): YamlProgram {
  const copy = structuredClone(program);
  change(copy);
  return copy;
}

describe("examples for other languages", () => {
  it("keeps them out of the examples' TypeScript build (examples/tsconfig.json includes TypeScript programs and tests only)", () => {
    const tsconfig = JSON.parse(read(path.join(ROOT, "examples", "tsconfig.json"))) as { include?: string[] };
    assert.deepEqual(tsconfig.include, ["*/index.ts", "*/index.test.ts"]);
    for (const dir of [YAML_DIR, PYTHON_DIR]) {
      for (const file of ["index.ts", "index.test.ts"]) assert.ok(!existsSync(path.join(dir, file)), `${dir}/${file}`);
    }
  });

  describe("Python names", () => {
    it("are Pulumi codegen's (PyName), including its own documented cases", () => {
      const cases: Record<string, string> = {
        waitForConnectedSeconds: "wait_for_connected_seconds",
        phoneId: "phone_id",
        apiKey: "api_key",
        baseUrl: "base_url",
        baseURL: "base_url",
        maxRequestsPerMinute: "max_requests_per_minute",
        phoneIds: "phone_ids",
        qrCodeURL: "qr_code_url",
        getPhoneNumberStatus: "get_phone_number_status",
        id: "id",
        SHA256Hash: "sha256_hash",
        Sha256Hash: "sha256_hash",
        GetPublicIPs: "get_public_i_ps", // legacy, as shipped
        openXJsonSerDe: "open_x_json_ser_de", // legacy, as shipped
        getPublicIPs: "get_public_ips",
        from: "from_",
        "kebab-case": "kebab_case",
      };
      assert.deepEqual(
        Object.fromEntries(Object.keys(cases).map((n) => [n, pyName(n)])),
        cases,
        "pyName differs from Pulumi's",
      );
    });
  });

  describe("examples/yaml", () => {
    const project = YAML.parse(read(path.join(YAML_DIR, "Pulumi.yaml"))) as YamlProgram;

    it("loads the plugin from the installed package's folder", () => {
      assertChecks((p: YamlProgram) => pluginProblems(p), project, [
        ["another path", (p) => changed(p, (c) => (c.plugins!.providers![0]!.path = "../../provider"))],
      ]);
    });

    it("uses only tokens, arguments, properties and outputs the schema has", () => {
      assertChecks(yamlProblems, project, [
        ["a misspelled input", (p) => changed(p, (c) => (c.resources!.sender!.properties!.requireConected = true))],
        ["an `id` input", (p) => changed(p, (c) => (c.resources!.sender!.properties = { id: "+15551234567" }))],
        ["an unknown type", (p) => changed(p, (c) => (c.resources!.sender!.type = "chatmaid:Number"))],
        ["a provider input", (p) => changed(p, (c) => (c.resources!.secondAccount!.properties = { key: "sk" }))],
        ["a function argument", (p) => changed(p, (c) => (c.variables!.connected = invoke({ status: "connected" })))],
        ["a function output", (p) => changed(p, (c) => (c.outputs!.connectedIds = "${connected.phoneIds}"))],
        ["a resource output", (p) => changed(p, (c) => (c.outputs!.senderId = "${sender.phoneID}"))],
        ["an unknown name", (p) => changed(p, (c) => (c.outputs!.senderId = "${sender2.phoneId}"))],
        ["an unknown option", (p) => changed(p, (c) => (c.resources!.backupSender!.options = { providr: "x" }))],
      ]);
    });

    it("declares a PhoneNumber that must be connected, an explicit provider with a secret key, and exports IDs", () => {
      const resources = Object.values(project.resources ?? {});
      const numbers = resources.filter((r) => fullToken(r.type ?? "") === "chatmaid:index:PhoneNumber");
      assert.ok(numbers.some((r) => r.properties?.requireConnected === true));
      const provider = Object.entries(project.resources ?? {}).find(([, r]) => r.type === "pulumi:providers:chatmaid");
      assert.ok(provider, "no explicit provider");
      const key = /^\$\{(\w+)\}$/.exec(String(provider[1].properties?.apiKey))?.[1];
      const declared = project.config?.[key ?? ""] as { type?: string; secret?: boolean } | undefined;
      assert.deepEqual([declared?.type, declared?.secret], ["string", true], "apiKey is not a secret config value");
      assert.ok(
        numbers.some((r) => r.options?.provider === `\${${provider[0]}}`),
        "no PhoneNumber uses it",
      );
      assert.ok(
        invokes(project, "").some(([, i]) => i.options?.provider === `\${${provider[0]}}`),
        "no invoke uses it",
      );
      const exported = references(project.outputs).map((r) => r.property);
      assert.ok(exported.includes("phoneId") && exported.includes("ids"), `exports ${exported.join(", ")}`);
    });
  });

  describe("examples/python", () => {
    const source = read(path.join(PYTHON_DIR, "__main__.py"));
    const project = YAML.parse(read(path.join(PYTHON_DIR, "Pulumi.yaml"))) as YamlProgram;

    it("is a Python project that installs the generated SDK and no plugin path into this repository", () => {
      const runtime = typeof project.runtime === "string" ? project.runtime : project.runtime?.name;
      assert.equal(runtime, "python");
      assert.equal(project.plugins, undefined, "the plugin comes from PATH or the plugin cache, not a path");
      const requirements = read(path.join(PYTHON_DIR, "requirements.txt"))
        .split("\n")
        .map((l) => l.replace(/#.*/, "").trim())
        .filter(Boolean);
      assert.ok(
        requirements.some((r) => /^pulumi\b/.test(r)),
        "pulumi is not required",
      );
      assert.ok(
        requirements.some((r) => /^pulumi_chatmaid\b/.test(r)),
        "the generated SDK is not required",
      );
    });

    it("uses the names codegen derives from the schema", () => {
      const swap = (from: string, to: string) => (s: string) => {
        assert.ok(s.includes(from), `the example no longer has ${from}`);
        return s.replace(from, to);
      };
      assertChecks(pythonProblems, source, [
        ["a camelCase argument", swap("require_connected=True", "requireConnected=True")],
        ["an `id` argument", swap("identifier=", "id=")],
        ["a function that is not generated", swap("chatmaid.get_phone_numbers(", "chatmaid.getPhoneNumbers(")],
        ["a missing required argument", swap("chatmaid.get_phone_numbers(", "chatmaid.get_phone_number(")],
        ["a provider argument", swap("api_key=", "apikey=")],
        ["a resource attribute", swap("sender.phone_id", "sender.phoneId")],
        ["a function attribute", swap("connected.ids", "connected.phone_ids")],
        ["another import", swap("import pulumi_chatmaid as chatmaid", "import chatmaid")],
      ]);
    });

    it("calls the functions, the resource and the provider with the attributes the YAML example exports", () => {
      const calls = [...source.matchAll(/\bchatmaid\.(\w+)\(/g)].map((m) => m[1]);
      for (const name of ["get_phone_numbers", "get_phone_numbers_output", "PhoneNumber", "Provider"]) {
        assert.ok(calls.includes(name), `chatmaid.${name}() is not called`);
      }
      assert.match(source, /require_connected=True/);
      assert.match(source, /opts=pulumi\.ResourceOptions\(provider=second_account\)/);
      assert.match(source, /config\.require_secret\("secondAccountApiKey"\)/);
      const yamlOutputs = Object.keys(
        (YAML.parse(read(path.join(YAML_DIR, "Pulumi.yaml"))) as YamlProgram).outputs ?? {},
      );
      const pythonOutputs = [...source.matchAll(/pulumi\.export\("(\w+)"/g)].map((m) => m[1]);
      assert.deepEqual(
        yamlOutputs.filter((o) => !pythonOutputs.includes(o)),
        [],
        "outputs of the YAML example missing in Python",
      );
    });
  });
});
