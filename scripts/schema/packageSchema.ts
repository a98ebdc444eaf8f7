/**
 * schema.json, built from the definitions it describes: the record's fields
 * (core/model/phoneNumberRecord.ts, their documentation read by
 * recordDocs.ts), the settings (core/model/settings.ts and settingRules.ts),
 * and, for the rest, packageTexts.ts. `npm run schema` writes it; a test
 * fails when the committed file differs.
 */
import {
  FIELDS,
  OUTPUT_RECORD_FIELDS,
  RECORD_FIELDS,
  STATUS_FIELDS,
  type RecordField,
} from "../../core/model/phoneNumberRecord";
import { NUMBER_RULES } from "../../core/model/settingRules";
import { DEFAULTS, SETTINGS, type SettingDefinition, type SettingName } from "../../core/model/settings";
import { FUNCTIONS, LANGUAGE, PACKAGE, PROVIDER_DESCRIPTION, RECORD_DESCRIPTION, RESOURCE } from "./packageTexts";
import type { PackageSpec, PropertySpec } from "./schemaTypes";

/** The documentation of each record field, as one line. */
export type RecordDocs = Readonly<Record<RecordField, string>>;

const RECORD_TYPE = "chatmaid:index:PhoneNumberRecord";

/** A setting's accepted range, in words, when it has one. */
export function rangeText(name: SettingName): string | undefined {
  const rule = (NUMBER_RULES as Record<string, { min: number; max: number; whole?: boolean }>)[name];
  if (!rule) return undefined;
  return `${rule.whole ? "A whole number" : "A value"} from ${rule.min} to ${rule.max}.`;
}

/** A setting's default, when it has one. */
function defaultOf(name: SettingName): string | number | undefined {
  return (DEFAULTS as Partial<Record<SettingName, string | number>>)[name];
}

/** A setting's default, as the README and the schema show it. */
export function defaultText(name: SettingName): string {
  const value = defaultOf(name);
  if (value !== undefined) return `\`${value}\``;
  return (SETTINGS[name] as SettingDefinition).unset ?? "none";
}

/** A setting's description in the schema: its meaning, range, default and environment variable. */
function settingDescription(name: SettingName): string {
  const setting: SettingDefinition = SETTINGS[name];
  return [
    setting.doc,
    rangeText(name),
    defaultOf(name) !== undefined
      ? `Default ${defaultText(name)}; when unset, the \`${setting.env}\` environment variable of the provider plugin is used first.`
      : `When unset, the \`${setting.env}\` environment variable of the provider plugin is used; without it: ${defaultText(name)}.`,
  ]
    .filter(Boolean)
    .join(" ");
}

/** A setting as a provider input. */
function settingInput(name: SettingName): PropertySpec {
  const setting: SettingDefinition = SETTINGS[name];
  return {
    type: setting.type,
    ...(setting.secret ? { secret: true } : {}),
    description: settingDescription(name),
  };
}

/** A setting as a config variable: a provider input with its default and environment variable. */
function configVariable(name: SettingName): PropertySpec {
  const value = defaultOf(name);
  return {
    ...settingInput(name),
    ...(value === undefined ? {} : { default: value }),
    defaultInfo: { environment: [SETTINGS[name].env] },
  };
}

function bySetting(spec: (name: SettingName) => PropertySpec): Record<string, PropertySpec> {
  return Object.fromEntries((Object.keys(SETTINGS) as SettingName[]).map((name) => [name, spec(name)]));
}

/** Record fields as properties (every one a string; a nullable one is simply not required). */
function recordProperties(fields: readonly RecordField[], docs: RecordDocs): Record<string, PropertySpec> {
  return Object.fromEntries(fields.map((field) => [field, { type: "string", description: docs[field] }]));
}

/** The fields the API always sends. */
function requiredFields(fields: readonly RecordField[]): string[] {
  return fields.filter((field) => !FIELDS[field].nullable);
}

/** A function's outputs: record fields and the key's environment. */
function recordOutputs(fields: readonly RecordField[], docs: RecordDocs) {
  return {
    properties: { ...recordProperties(fields, docs), environment: RESOURCE.environment },
    required: [...requiredFields(fields), "environment"],
  };
}

/** The whole package schema. */
export function packageSchema(docs: RecordDocs): PackageSpec {
  const getNumbers = FUNCTIONS["chatmaid:index:getPhoneNumbers"];
  const getNumber = FUNCTIONS["chatmaid:index:getPhoneNumber"];
  const getStatus = FUNCTIONS["chatmaid:index:getPhoneNumberStatus"];
  return {
    ...PACKAGE,
    config: { variables: bySetting(configVariable) },
    provider: {
      description: PROVIDER_DESCRIPTION,
      type: "object",
      inputProperties: bySetting(settingInput),
      properties: {
        baseUrl: {
          type: "string",
          description: "The `baseUrl` given to this provider, if any (not the resolved default).",
        },
        environment: {
          type: "string",
          description: "The `environment` given to this provider, if any: `test` or `live`.",
        },
      },
    },
    resources: {
      "chatmaid:index:PhoneNumber": {
        description: RESOURCE.description,
        inputProperties: RESOURCE.inputs,
        requiredInputs: ["identifier"],
        properties: {
          ...RESOURCE.stateOfInputs,
          phoneId: RESOURCE.phoneId,
          ...recordProperties(OUTPUT_RECORD_FIELDS, docs),
          // C# names a property after its class's member: `PhoneNumber.PhoneNumber` would not compile.
          phoneNumber: {
            ...recordProperties(["phoneNumber"], docs).phoneNumber,
            language: { csharp: { name: "Number" } },
          },
          environment: RESOURCE.environment,
        },
        required: ["identifier", "phoneId", ...requiredFields(OUTPUT_RECORD_FIELDS), "environment"],
      },
    },
    functions: {
      "chatmaid:index:getPhoneNumbers": {
        description: getNumbers.description,
        inputs: getNumbers.inputs,
        outputs: {
          properties: { ...getNumbers.outputs, environment: RESOURCE.environment },
          required: ["phoneNumbers", "ids", "environment"],
        },
      },
      "chatmaid:index:getPhoneNumber": {
        description: getNumber.description,
        inputs: getNumber.inputs,
        outputs: recordOutputs(RECORD_FIELDS, docs),
      },
      "chatmaid:index:getPhoneNumberStatus": {
        description: getStatus.description,
        inputs: getStatus.inputs,
        outputs: recordOutputs(STATUS_FIELDS, docs),
      },
    },
    types: {
      [RECORD_TYPE]: {
        type: "object",
        description: RECORD_DESCRIPTION,
        properties: recordProperties(RECORD_FIELDS, docs),
        required: requiredFields(RECORD_FIELDS),
      },
    },
    language: LANGUAGE,
  };
}
