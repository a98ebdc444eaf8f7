/**
 * The provider plugin's package schema (provider/cmd/pulumi-resource-chatmaid/schema.json):
 * valid against Pulumi's metaschema, within the binder's and codegen's rules
 * the metaschema cannot express, and in step with the settings and the Node
 * SDK it stands for. Each rule is a function returning its problems. Its test
 * runs it on the schema (no problem) and on a copy broken on purpose (at least
 * one problem), so no rule can pass by checking nothing.
 */
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv2020, { type ErrorObject } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parsePhoneNumberArgs, parsePhoneNumbersArgs } from "../../core/phoneNumbers/arguments";
import type { PhoneNumberResourceOutputs } from "../../core/phoneNumbers/phoneNumberOperations";
import type { GetPhoneNumbersResult } from "../../core/phoneNumbers/queries";
import { KNOWN_CONNECTION_STATUSES, RECORD_FIELDS, STATUS_FIELDS } from "../../core/model/phoneNumberRecord";
import { phoneNumberSchema, phoneNumberStatusSchema } from "../../core/model/apiSchemas";
import { DEFAULTS, NUMBER_RULES, SETTINGS } from "../../core/model/settings";
import { MAX_WAIT_SECONDS } from "../../core/phoneNumbers/waitLoop";
import type { GetPhoneNumberArgs } from "../../sdk/nodejs/getPhoneNumber";
import type { GetPhoneNumbersArgs } from "../../sdk/nodejs/getPhoneNumbers";
import type { GetPhoneNumberStatusArgs } from "../../sdk/nodejs/getPhoneNumberStatus";
import type { PhoneNumberArgs } from "../../sdk/nodejs/phoneNumber";
import type { CredentialArgs } from "../../sdk/nodejs/programSettings";
import { pulumiMetaschemaPath } from "../support/pulumiToolchain";
import { recordDocs } from "../../scripts/schema/recordDocs";

const ROOT = path.resolve(__dirname, "..", "..");
const SCHEMA_FILE = path.join(ROOT, "provider", "cmd", "pulumi-resource-chatmaid", "schema.json");

// The parts of Pulumi's package schema these rules read.
interface PropertySpec {
  type?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  oneOf?: PropertySpec[];
  $ref?: string;
  description?: string;
  secret?: boolean;
  default?: unknown;
  defaultInfo?: { environment: string[] };
  language?: { csharp?: { name?: string } };
}
type Properties = Record<string, PropertySpec>;
interface ObjectSpec {
  type?: string;
  description?: string;
  properties?: Properties;
  required?: string[];
}
interface ResourceSpec extends ObjectSpec {
  inputProperties?: Properties;
  requiredInputs?: string[];
  stateInputs?: ObjectSpec;
}
interface FunctionSpec {
  description?: string;
  inputs?: ObjectSpec;
  outputs?: ObjectSpec;
}
interface PackageSchema {
  name: string;
  version?: string;
  displayName?: string;
  description?: string;
  keywords?: string[];
  homepage?: string;
  repository?: string;
  pluginDownloadURL?: string;
  license?: string;
  publisher?: string;
  config?: { variables?: Properties };
  provider?: ResourceSpec;
  resources?: Record<string, ResourceSpec>;
  functions?: Record<string, FunctionSpec>;
  types?: Record<string, ObjectSpec>;
  language?: Record<string, Record<string, unknown>>;
}

const RESOURCE = "chatmaid:index:PhoneNumber";
const RECORD_TYPE = "chatmaid:index:PhoneNumberRecord";
const GET_NUMBERS = "chatmaid:index:getPhoneNumbers";
const GET_NUMBER = "chatmaid:index:getPhoneNumber";
const GET_STATUS = "chatmaid:index:getPhoneNumberStatus";

function loadSchema(): PackageSchema {
  return JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as PackageSchema;
}

// The Node SDK's names. The argument lists in core/phoneNumbers/arguments.ts
// (NUMBERS_ARGS, NUMBER_ARGS) are not exported, so these literals stand for
// them: the compiler ties each to the SDK's argument interface, and a test
// below ties them to what arguments.ts accepts at run time.

/** `names`, accepted by the compiler only when it lists every key of `K` and nothing else. */
function exactly<K extends string>() {
  return <const L extends readonly K[]>(names: L & ([Exclude<K, L[number]>] extends [never] ? unknown : never)) =>
    names;
}
/** Per-call credentials are not function inputs in the schema: an explicit provider instance carries them. */
type ArgNames<T> = Exclude<keyof T, keyof CredentialArgs> & string;

const NUMBERS_ARGS = exactly<ArgNames<GetPhoneNumbersArgs>>()([
  "connectionStatus",
  "displayName",
  "required",
  "requireConnected",
  "waitForConnectedSeconds",
]);
const NUMBER_ARGS = exactly<ArgNames<GetPhoneNumberArgs>>()(["id", "requireConnected", "waitForConnectedSeconds"]);
const STATUS_ARGS = exactly<ArgNames<GetPhoneNumberStatusArgs>>()([
  "id",
  "requireConnected",
  "waitForConnectedSeconds",
]);
const NUMBERS_RESULT = exactly<keyof GetPhoneNumbersResult & string>()(["phoneNumbers", "ids", "environment"]);
/**
 * The Node resource's `id` argument is stored as `identifier` (sdk/nodejs/phoneNumber.ts), the schema's input name.
 * Its `apiKey` and `baseUrl` inputs are the Node SDK's way to a second account; in the schema an explicit
 * provider (`pulumi:providers:chatmaid`) carries the account, so they are not resource inputs there.
 */
const NODE_ONLY = ["apiKey", "baseUrl"];
const RESOURCE_INPUTS = exactly<keyof PhoneNumberArgs & string>()([
  "id",
  "requireConnected",
  "waitForConnectedSeconds",
  "apiKey",
  "baseUrl",
])
  .filter((n) => !NODE_ONLY.includes(n))
  .map((n) => (n === "id" ? "identifier" : n));
const RESOURCE_OUTPUTS = exactly<keyof PhoneNumberResourceOutputs & string>()([
  "identifier",
  "requireConnected",
  "waitForConnectedSeconds",
  "apiKey",
  "baseUrl",
  "phoneId",
  "phoneNumber",
  "displayName",
  "connectionStatus",
  "lastConnectedAt",
  "lastDisconnectedAt",
  "createdAt",
  "updatedAt",
  "environment",
]).filter((n) => !NODE_ONLY.includes(n));
/** Settings whose values are secrets. */
// The shared store's URL may hold its password.
const SECRET_SETTINGS = ["apiKey", "sharedStore"];

// Walking the schema.

/** Every map of properties in the schema, with where it is. */
function propertyMaps(schema: PackageSchema): [string, Properties][] {
  const maps: [string, Properties | undefined][] = [
    ["config.variables", schema.config?.variables],
    ["provider.inputProperties", schema.provider?.inputProperties],
    ["provider.properties", schema.provider?.properties],
  ];
  for (const [token, r] of Object.entries(schema.resources ?? {})) {
    maps.push([`${token}.inputProperties`, r.inputProperties], [`${token}.properties`, r.properties]);
    maps.push([`${token}.stateInputs`, r.stateInputs?.properties]);
  }
  for (const [token, f] of Object.entries(schema.functions ?? {})) {
    maps.push([`${token}.inputs`, f.inputs?.properties], [`${token}.outputs`, f.outputs?.properties]);
  }
  for (const [token, t] of Object.entries(schema.types ?? {})) maps.push([`${token}.properties`, t.properties]);
  return maps.filter((m): m is [string, Properties] => m[1] !== undefined);
}

/** Every `$ref` anywhere in the schema, with its JSON path. */
function refs(value: unknown, at = "$"): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refs(v, `${at}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === "$ref" && typeof v === "string" ? [[at, v] as [string, string]] : refs(v, `${at}.${k}`),
  );
}

/** Describes a property's type for comparisons, e.g. `array<string>`, `string|array<string>`. */
function typeOf(p: PropertySpec | undefined): string {
  if (!p) return "absent";
  if (p.$ref) return p.$ref;
  if (p.oneOf) return p.oneOf.map(typeOf).join("|");
  if (p.type === "array") return `array<${typeOf(p.items)}>`;
  return p.type ?? "untyped";
}

/** Problems when `actual` does not hold exactly `expected`, named after `what`. */
function sameNames(what: string, actual: readonly string[], expected: readonly string[]): string[] {
  const missing = expected.filter((n) => !actual.includes(n));
  const extra = actual.filter((n) => !expected.includes(n));
  return [
    ...missing.map((n) => `${what}: ${n} is missing`),
    ...extra.map((n) => `${what}: ${n} is not in the Node SDK`),
  ];
}

function sameSet(what: string, actual: readonly string[] | undefined, expected: readonly string[]): string[] {
  const a = [...(actual ?? [])].sort();
  const e = [...expected].sort();
  return isDeepStrictEqual(a, e) ? [] : [`${what} is [${a.join(", ")}], expected [${e.join(", ")}]`];
}

/** Record fields the API always sends (not nullable or optional in core/model/apiSchemas.ts). */
function alwaysPresent(shape: Record<string, { safeParse(v: unknown): { success: boolean } }>): string[] {
  return Object.keys(shape).filter(
    (f) => !shape[f]!.safeParse(null).success && !shape[f]!.safeParse(undefined).success,
  );
}

// The rules.

interface Rule {
  /** What the schema must do. */
  readonly name: string;
  /** The problems found; none when the schema follows the rule. */
  check(schema: PackageSchema): string[];
  /** Breaks a copy of the schema so that the rule must find a problem. */
  breakIt(schema: PackageSchema): void;
}

/**
 * Pulumi's metaschema compiled, read on first use from the pinned pkg/v3
 * module the Pulumi toolchain is built from (scripts/pulumi-toolchain.sh):
 * without it, only the rules that need it fail, saying what to install.
 */
let compiled: { ajv: Ajv2020; id: string; validatePackage: Validator } | undefined;
function metaschemaValidators(): NonNullable<typeof compiled> {
  if (compiled) return compiled;
  const metaschema = JSON.parse(readFileSync(pulumiMetaschemaPath(), "utf8")) as { $id: string };
  // allowUnionTypes: the metaschema writes `type: [...]` lists, which Ajv's strict mode would otherwise refuse.
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
  addFormats(ajv); // uri-reference for `$ref`, regex for `meta.moduleFormat`
  // The metaschema misspells one annotation (csharpLanguageSpec.rootNamespace.desciption); strict mode would refuse it.
  ajv.addKeyword({ keyword: "desciption" });
  compiled = { ajv, id: metaschema.$id, validatePackage: ajv.compile(metaschema) };
  return compiled;
}

/** A compiled schema: Ajv sets `errors` after a failed call. */
interface Validator {
  (data: unknown): unknown;
  errors?: ErrorObject[] | null;
}

function ajvProblems(validate: Validator, value: unknown, at = ""): string[] {
  if (validate(value) === true) return [];
  return (validate.errors ?? []).map((e) => `${at}${e.instancePath || "/"} ${e.message ?? e.keyword}`);
}

const resourceOf = (s: PackageSchema): ResourceSpec => s.resources![RESOURCE]!;
const functionOf = (s: PackageSchema, token: string): FunctionSpec => s.functions![token]!;

const rules: Rule[] = [
  {
    name: "is valid against Pulumi's package metaschema",
    check: (s) => ajvProblems(metaschemaValidators().validatePackage, s),
    breakIt: (s) => {
      resourceOf(s).inputProperties!.identifier!.type = "text";
    },
  },
  {
    // The metaschema leaves `language` free; codegen reads these settings.
    name: "sets language options for nodejs, python, go, csharp and java as the metaschema defines them",
    check: (s) => [
      ...sameSet("language sections", Object.keys(s.language ?? {}), ["nodejs", "python", "go", "csharp", "java"]),
      ...Object.entries(s.language ?? {}).flatMap(([lang, spec]) => {
        const { ajv, id } = metaschemaValidators();
        const validate = ajv.getSchema(`${id}#/$defs/${lang}LanguageSpec`);
        return validate
          ? ajvProblems(validate, spec, `language.${lang}`)
          : [`language.${lang} is not a Pulumi language`];
      }),
    ],
    breakIt: (s) => {
      s.language!.python!.packageName = 42;
    },
  },
  {
    // bind.go: three-part tokens with the package's name; no case-insensitive duplicates; index:Provider is reserved.
    name: "names every token chatmaid:index:Name, without case-insensitive collisions",
    check: (s) => {
      const tokens = [
        ...Object.keys(s.resources ?? {}),
        ...Object.keys(s.functions ?? {}),
        ...Object.keys(s.types ?? {}),
      ];
      const problems = tokens
        .filter((t) => {
          const [pkg, mod, name, ...rest] = t.split(":");
          return pkg !== s.name || mod !== "index" || !name || rest.length > 0 || name === "Provider";
        })
        .map((t) => `token ${t} is not ${s.name}:index:<Name>`);
      const seen = new Map<string, string>();
      for (const t of tokens) {
        const other = seen.get(t.toLowerCase());
        if (other) problems.push(`tokens ${other} and ${t} differ only in case`);
        seen.set(t.toLowerCase(), t);
      }
      return problems;
    },
    breakIt: (s) => {
      s.functions!["chatmaid:index:getphonenumbers"] = { description: "A duplicate." };
    },
  },
  {
    // The Node SDK strips `id` and `urn` from resource inputs and both SDKs skip them in outputs; `pulumi` is reserved.
    name: "has no custom-resource property named id or urn, and nothing named pulumi",
    check: (s) => {
      const problems: string[] = [];
      for (const [token, r] of Object.entries(s.resources ?? {})) {
        for (const [where, props] of [
          ["input", r.inputProperties],
          ["output", r.properties],
          ["state input", r.stateInputs?.properties],
        ] as const) {
          for (const name of ["id", "urn"]) if (props?.[name]) problems.push(`${token} has an ${where} named ${name}`);
        }
      }
      for (const [where, props] of propertyMaps(s))
        if (props.pulumi) problems.push(`${where} has a property named pulumi`);
      const names = [
        ...Object.keys(s.resources ?? {}),
        ...Object.keys(s.functions ?? {}),
        ...Object.keys(s.types ?? {}),
      ];
      for (const t of names) if (t.split(":")[2]?.toLowerCase() === "pulumi") problems.push(`${t} is named pulumi`);
      return problems;
    },
    breakIt: (s) => {
      resourceOf(s).inputProperties!.id = { type: "string", description: "The number." };
    },
  },
  {
    // bind.go drops non-string provider outputs; `version` is the engine's own provider input.
    name: "gives the provider string outputs only and no input named version",
    check: (s) => [
      ...Object.entries(s.provider?.properties ?? {})
        .filter(([, p]) => p.type !== "string")
        .map(([name, p]) => `provider output ${name} is ${typeOf(p)}, not string`),
      ...["version", "pulumi"].filter((n) => s.provider?.inputProperties?.[n]).map((n) => `provider input ${n}`),
    ],
    breakIt: (s) => {
      s.provider!.properties!.maxRetries = { type: "integer", description: "Retries." };
    },
  },
  {
    name: "resolves every $ref",
    check: (s) =>
      refs(s)
        .filter(([, ref]) => {
          const [, kind, token] = /^#\/(types|resources)\/(.+)$/.exec(ref) ?? [];
          if (kind === "types") return !s.types?.[token!];
          if (kind === "resources") return !s.resources?.[token!];
          if (ref === "#/provider") return !s.provider;
          return !/^pulumi\.json#\/(Any|Archive|Asset|Json)$/.test(ref);
        })
        .map(([at, ref]) => `${at}: ${ref} does not resolve`),
    breakIt: (s) => {
      functionOf(s, GET_NUMBERS).outputs!.properties!.phoneNumbers!.items!.$ref = "#/types/chatmaid:index:PhoneRecord";
    },
  },
  {
    name: "declares every required name",
    check: (s) => {
      const problems: string[] = [];
      const within = (where: string, required: string[] | undefined, props: Properties | undefined) => {
        for (const n of required ?? [])
          if (!props?.[n]) problems.push(`${where} requires ${n}, which it does not declare`);
      };
      for (const [token, r] of [["provider", s.provider] as const, ...Object.entries(s.resources ?? {})]) {
        within(`${token} inputs`, r?.requiredInputs, r?.inputProperties);
        within(`${token} outputs`, r?.required, r?.properties);
      }
      for (const [token, f] of Object.entries(s.functions ?? {})) {
        within(`${token} inputs`, f.inputs?.required, f.inputs?.properties);
        within(`${token} outputs`, f.outputs?.required, f.outputs?.properties);
      }
      for (const [token, t] of Object.entries(s.types ?? {})) within(token, t.required, t.properties);
      return problems;
    },
    breakIt: (s) => {
      resourceOf(s).required!.push("phoneID");
    },
  },
  {
    name: "documents the package, the provider, every resource, function, type and property",
    check: (s) => {
      const undocumented = (d: string | undefined) => !d || d.trim() === "";
      const problems: string[] = [];
      if (undocumented(s.description)) problems.push("the package has no description");
      if (undocumented(s.provider?.description)) problems.push("the provider has no description");
      for (const [kind, map] of [
        ["resource", s.resources],
        ["function", s.functions],
        ["type", s.types],
      ] as const) {
        for (const [token, spec] of Object.entries(map ?? {})) {
          if (undocumented(spec.description)) problems.push(`${kind} ${token} has no description`);
        }
      }
      for (const [where, props] of propertyMaps(s)) {
        for (const [name, p] of Object.entries(props)) {
          if (undocumented(p.description)) problems.push(`${where}.${name} has no description`);
        }
      }
      return problems;
    },
    breakIt: (s) => {
      delete functionOf(s, GET_STATUS).outputs!.properties!.lastDisconnectedAt!.description;
    },
  },
  {
    // Generated SDKs copy these into their package metadata.
    name: "describes the package as package.json does: name, license, repository, publisher",
    check: (s) => {
      const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        license: string;
        repository: { url: string };
      };
      const repository = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
      const problems: string[] = [];
      if (s.name !== "chatmaid") problems.push(`name is ${s.name}, not chatmaid`);
      if (s.license !== pkg.license) problems.push(`license is ${s.license}, not ${pkg.license}`);
      for (const key of ["homepage", "repository"] as const) {
        if (s[key] !== repository) problems.push(`${key} is ${s[key]}, not ${repository}`);
      }
      if (s.publisher !== "Chatmaid") problems.push(`publisher is ${s.publisher}, not Chatmaid`);
      if (!s.displayName) problems.push("displayName is missing");
      if (!s.keywords?.includes("chatmaid")) problems.push("keywords lack chatmaid");
      return problems;
    },
    breakIt: (s) => {
      s.license = "MIT";
    },
  },
  {
    // Generated SDKs and YAML's package declarations pass it to the engine, which downloads
    // pulumi-resource-chatmaid-v<version>-<os>-<arch>.tar.gz from the release tagged v<version>.
    name: "downloads the plugin from the GitHub releases of package.json's repository",
    check: (s) => {
      const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { repository: { url: string } };
      const match = /github\.com\/([^/]+)\/([^/]+?)(?:\.git)?$/.exec(pkg.repository.url);
      if (!match) return [`package.json's repository ${pkg.repository.url} is not on GitHub`];
      const expected = `github://api.github.com/${match[1]}/${match[2]}`;
      return s.pluginDownloadURL === expected ? [] : [`pluginDownloadURL is ${s.pluginDownloadURL}, not ${expected}`];
    },
    breakIt: (s) => {
      // An https:// URL is a plain server to the engine: it would ask github.com/<repo>/<tarball>, which does not exist.
      s.pluginDownloadURL = "https://github.com/chatmaid/pulumi-chatmaid";
    },
  },
  {
    // The CLI checks the plugin's version against it, and `pulumi package add` requires it (SupportPack).
    name: "has the version of package.json",
    check: (s) => {
      const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
      return s.version === version ? [] : [`version ${s.version} is not package.json's ${version}`];
    },
    breakIt: (s) => {
      s.version = "0.0.1";
    },
  },
  {
    name: "declares one config variable per setting in core/model/settings.ts, with its variable, type, default and bounds",
    check: (s) => {
      const vars = s.config?.variables ?? {};
      const problems = sameNames("config.variables", Object.keys(vars), Object.keys(SETTINGS));
      for (const [name, setting] of Object.entries(SETTINGS)) {
        const v = vars[name];
        if (!v) continue;
        const rule = NUMBER_RULES[name as keyof typeof NUMBER_RULES] as { min: number; max: number; whole?: boolean };
        const type = rule ? (rule.whole ? "integer" : "number") : "string";
        const fallback = (DEFAULTS as Partial<Record<string, string | number>>)[name];
        const description = v.description ?? "";
        if (v.type !== type) problems.push(`config ${name} is ${typeOf(v)}, not ${type}`);
        if (!isDeepStrictEqual(v.defaultInfo?.environment, [setting.env])) {
          problems.push(`config ${name} does not name ${setting.env} in defaultInfo.environment`);
        }
        if (!description.includes(`\`${setting.env}\``))
          problems.push(`config ${name} does not document ${setting.env}`);
        if (Boolean(v.secret) !== SECRET_SETTINGS.includes(name)) problems.push(`config ${name} secret is ${v.secret}`);
        if (v.default !== fallback) problems.push(`config ${name} default is ${v.default}, not ${fallback}`);
        const shown = [`Default ${fallback}`, `Default \`${fallback}\``];
        if (fallback !== undefined && !shown.some((d) => description.includes(d))) {
          problems.push(`config ${name} does not document its default ${fallback}`);
        }
        if (rule && !description.includes(`from ${rule.min} to ${rule.max}`)) {
          problems.push(`config ${name} does not document its bounds ${rule.min} to ${rule.max}`);
        }
      }
      return problems;
    },
    breakIt: (s) => {
      s.config!.variables!.maxRetries!.defaultInfo = { environment: ["CHATMAID_RETRIES"] };
    },
  },
  {
    // Two provider instances, two accounts. Defaults stay with the plugin: a
    // `default` or `defaultInfo` here would make the SDKs send a value (and
    // read environment variables in the program), freezing it into state.
    name: "gives the provider the config variables as inputs, with no default of its own",
    check: (s) => {
      const inputs = s.provider?.inputProperties ?? {};
      const vars = s.config?.variables ?? {};
      const problems = sameNames("provider.inputProperties", Object.keys(inputs), Object.keys(SETTINGS));
      for (const [name, p] of Object.entries(inputs)) {
        const v = vars[name];
        const same = (({ type, secret, description }: PropertySpec) => ({ type, secret, description }))(v ?? {});
        if (!isDeepStrictEqual({ type: p.type, secret: p.secret, description: p.description }, same)) {
          problems.push(`provider input ${name} differs from config variable ${name} in type, secret or description`);
        }
        if (p.default !== undefined || p.defaultInfo !== undefined)
          problems.push(`provider input ${name} has a default`);
      }
      return problems;
    },
    breakIt: (s) => {
      delete s.provider!.inputProperties!.apiKey!.secret;
    },
  },
  {
    name: "types PhoneNumberRecord with the record's fields, required where the API always sends them",
    check: (s) => {
      const t = s.types?.[RECORD_TYPE];
      if (!t) return [`${RECORD_TYPE} is missing`];
      return [
        ...(t.type === "object" ? [] : [`${RECORD_TYPE} is not an object type`]),
        ...sameNames(RECORD_TYPE, Object.keys(t.properties ?? {}), RECORD_FIELDS),
        ...Object.entries(t.properties ?? {})
          .filter(([, p]) => p.type !== "string")
          .map(([n, p]) => `${RECORD_TYPE}.${n} is ${typeOf(p)}, not string`),
        ...sameSet(`${RECORD_TYPE} required`, t.required, alwaysPresent(phoneNumberSchema.shape)),
      ];
    },
    breakIt: (s) => {
      delete s.types![RECORD_TYPE]!.properties!.createdAt;
    },
  },
  {
    // The record's fields read the same wherever they appear (the type, the functions' results, the resource).
    name: "documents the record's fields in the words of core/model/phoneNumberRecord.ts",
    check: (s) => {
      const docs: Readonly<Record<string, string>> = recordDocs();
      const problems = RECORD_FIELDS.filter((f) => !docs[f]).map(
        (f) => `core/model/phoneNumberRecord.ts has no TSDoc for ${f}`,
      );
      const outputs: [string, Properties | undefined][] = [
        [RECORD_TYPE, s.types?.[RECORD_TYPE]?.properties],
        [RESOURCE, s.resources?.[RESOURCE]?.properties],
        ...Object.entries(s.functions ?? {}).map(([t, f]) => [t, f.outputs?.properties] as [string, Properties]),
      ];
      for (const [where, props] of outputs) {
        for (const field of RECORD_FIELDS) {
          const p = props?.[field];
          if (p && p.description !== docs[field])
            problems.push(`${where}.${field} is not documented as in phoneNumberRecord.ts`);
        }
      }
      return problems;
    },
    breakIt: (s) => {
      s.resources![RESOURCE]!.properties!.updatedAt!.description = "When it changed.";
    },
  },
  {
    name: "gives the functions the Node SDK's arguments, typed as the SDK types them",
    check: (s) => {
      const expected: [string, readonly string[], string[]][] = [
        [GET_NUMBERS, NUMBERS_ARGS, []],
        [GET_NUMBER, NUMBER_ARGS, ["id"]],
        [GET_STATUS, STATUS_ARGS, ["id"]],
      ];
      const types: Record<string, string> = {
        connectionStatus: "string|array<string>",
        displayName: "string",
        required: "array<string>",
        requireConnected: "boolean",
        waitForConnectedSeconds: "number",
        id: "string",
      };
      return expected.flatMap(([token, names, required]) => {
        const inputs = s.functions?.[token]?.inputs;
        return [
          ...sameNames(`${token} inputs`, Object.keys(inputs?.properties ?? {}), names),
          ...sameSet(`${token} required inputs`, inputs?.required, required),
          ...Object.entries(inputs?.properties ?? {})
            .filter(([n, p]) => types[n] !== undefined && typeOf(p) !== types[n])
            .map(([n, p]) => `${token} input ${n} is ${typeOf(p)}, not ${types[n]}`),
        ];
      });
    },
    breakIt: (s) => {
      functionOf(s, GET_NUMBERS).inputs!.properties!.statuses = { type: "string", description: "Statuses." };
    },
  },
  {
    name: "gives the functions the Node SDK's result fields, required where always present",
    check: (s) => {
      const always = alwaysPresent(phoneNumberSchema.shape);
      const alwaysStatus = alwaysPresent(phoneNumberStatusSchema.shape);
      const expected: [string, readonly string[], readonly string[]][] = [
        [GET_NUMBERS, NUMBERS_RESULT, NUMBERS_RESULT],
        [GET_NUMBER, [...RECORD_FIELDS, "environment"], [...always, "environment"]],
        [GET_STATUS, [...STATUS_FIELDS, "environment"], [...alwaysStatus, "environment"]],
      ];
      const problems = expected.flatMap(([token, names, required]) => {
        const outputs = s.functions?.[token]?.outputs;
        return [
          ...sameNames(`${token} outputs`, Object.keys(outputs?.properties ?? {}), names),
          ...sameSet(`${token} required outputs`, outputs?.required, required),
        ];
      });
      const list = s.functions?.[GET_NUMBERS]?.outputs?.properties ?? {};
      if (typeOf(list.phoneNumbers) !== `array<#/types/${RECORD_TYPE}>`)
        problems.push("phoneNumbers is not a record list");
      if (typeOf(list.ids) !== "array<string>") problems.push("ids is not a list of strings");
      return problems;
    },
    breakIt: (s) => {
      delete functionOf(s, GET_STATUS).outputs!.properties!.updatedAt;
    },
  },
  {
    name: "gives PhoneNumber the Node resource's inputs and outputs, identifier required",
    check: (s) => {
      const r = s.resources?.[RESOURCE];
      if (!r) return [`${RESOURCE} is missing`];
      const always = ["identifier", "phoneId", "environment"];
      const alwaysRecord = alwaysPresent(phoneNumberSchema.shape).filter((f) => f !== "id");
      const types: Record<string, string> = { requireConnected: "boolean", waitForConnectedSeconds: "number" };
      return [
        ...sameNames(`${RESOURCE} inputs`, Object.keys(r.inputProperties ?? {}), RESOURCE_INPUTS),
        ...sameSet(`${RESOURCE} required inputs`, r.requiredInputs, ["identifier"]),
        ...sameNames(`${RESOURCE} outputs`, Object.keys(r.properties ?? {}), RESOURCE_OUTPUTS),
        ...sameSet(`${RESOURCE} required outputs`, r.required, [...always, ...alwaysRecord]),
        ...[r.inputProperties, r.properties].flatMap((props) =>
          Object.entries(props ?? {})
            .filter(([n, p]) => typeOf(p) !== (types[n] ?? "string"))
            .map(([n, p]) => `${RESOURCE} ${n} is ${typeOf(p)}, not ${types[n] ?? "string"}`),
        ),
      ];
    },
    breakIt: (s) => {
      delete resourceOf(s).properties!.createdAt;
    },
  },
  {
    name: "takes connectionStatus as one known status or a list of them",
    check: (s) => {
      const p = s.functions?.[GET_NUMBERS]?.inputs?.properties?.connectionStatus;
      return [
        ...(typeOf(p) === "string|array<string>" ? [] : [`connectionStatus is ${typeOf(p)}`]),
        ...KNOWN_CONNECTION_STATUSES.filter((st) => !p?.description?.includes(`\`${st}\``)).map(
          (st) => `connectionStatus does not document ${st}`,
        ),
      ];
    },
    breakIt: (s) => {
      functionOf(s, GET_NUMBERS).inputs!.properties!.connectionStatus = { type: "string", description: "A status." };
    },
  },
  {
    name: "documents the wait's bounds (0 to MAX_WAIT_SECONDS) on every waitForConnectedSeconds input",
    check: (s) =>
      propertyMaps(s)
        .filter(([where, props]) => /\.(inputs|inputProperties)$/.test(where) && props.waitForConnectedSeconds)
        .filter(([, props]) => !props.waitForConnectedSeconds!.description?.includes(`from 0 to ${MAX_WAIT_SECONDS}`))
        .map(([where]) => `${where}.waitForConnectedSeconds does not say from 0 to ${MAX_WAIT_SECONDS}`),
    breakIt: (s) => {
      functionOf(s, GET_NUMBER).inputs!.properties!.waitForConnectedSeconds!.description = "Up to an hour.";
    },
  },
  {
    // C# forbids a member named like its class (CS0542), and pulumi-dotnet's
    // codegen does not rename one (computePropertyNames only honours
    // `language.csharp.name`). PhoneNumber.phoneNumber would be one.
    name: "gives no C# property the name of its generated class",
    check: (s) => {
      const pascal = (n: string) => n.charAt(0).toUpperCase() + n.slice(1);
      const csharp = (name: string, p: PropertySpec) => p.language?.csharp?.name ?? pascal(name.replace(/-/g, "_"));
      const classes: [string, Properties | undefined][] = [["Provider", s.provider?.properties]];
      for (const [token, r] of Object.entries(s.resources ?? {})) {
        const name = pascal(token.split(":")[2]!);
        classes.push([name, r.properties], [`${name}Args`, r.inputProperties]);
      }
      for (const [token, f] of Object.entries(s.functions ?? {})) {
        const name = pascal(token.split(":")[2]!);
        classes.push([`${name}Args`, f.inputs?.properties], [`${name}Result`, f.outputs?.properties]);
      }
      for (const [token, t] of Object.entries(s.types ?? {})) {
        const name = pascal(token.split(":")[2]!);
        classes.push([name, t.properties]);
      }
      return classes.flatMap(([cls, props]) =>
        Object.entries(props ?? {})
          .filter(([n, p]) => csharp(n, p) === cls)
          .map(([n]) => `C# class ${cls} would have a member ${cls} (${n}); set language.csharp.name`),
      );
    },
    breakIt: (s) => {
      delete resourceOf(s).properties!.phoneNumber!.language;
    },
  },
];

describe("provider plugin schema (schema.json)", function () {
  const schema = loadSchema();
  // The metaschema comes from the Pulumi toolchain's Go modules, built on first use (minutes, once per machine).
  // A failure here is left to the two rules that need the metaschema, which report it.
  before(function () {
    this.timeout(50 * 60_000);
    try {
      metaschemaValidators();
    } catch {
      /* reported by the rules that need it */
    }
  });

  for (const rule of rules) {
    it(rule.name, () => {
      assert.deepEqual(rule.check(schema), []);
      const broken = structuredClone(schema);
      rule.breakIt(broken);
      assert.notDeepEqual(rule.check(broken), [], "the rule did not notice a schema broken on purpose");
    });
  }

  it("lists the argument names that core/phoneNumbers/arguments.ts accepts (beside apiKey and baseUrl)", () => {
    // NUMBERS_ARGS and NUMBER_ARGS are private to arguments.ts; its error for
    // an unknown argument lists the accepted names, which is what is compared.
    const accepted = (parse: () => unknown): string[] => {
      try {
        parse();
      } catch (error) {
        const listed = /is not an argument; use ([\w, ]+)\./.exec((error as Error).message);
        assert.ok(listed, `unexpected message: ${(error as Error).message}`);
        return listed[1]!.split(", ").filter((n) => n !== "apiKey" && n !== "baseUrl");
      }
      assert.fail("an unknown argument was accepted");
    };
    assert.deepEqual(accepted(() => parsePhoneNumbersArgs({ notAnArgument: 1 })).sort(), [...NUMBERS_ARGS].sort());
    for (const [fn, names] of [
      ["getPhoneNumber", NUMBER_ARGS],
      ["getPhoneNumberStatus", STATUS_ARGS],
    ] as const) {
      const got = accepted(() => parsePhoneNumberArgs({ id: "+15551234567", notAnArgument: 1 }, fn));
      assert.deepEqual(got.sort(), [...names].sort());
    }
  });
});
