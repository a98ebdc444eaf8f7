/** The parts of Pulumi's package schema (pkg/codegen/schema) that schema.json uses. */

/** A property: its type, documentation and, for config, its default. */
export interface PropertySpec {
  type?: string;
  items?: PropertySpec;
  oneOf?: PropertySpec[];
  $ref?: string;
  description?: string;
  secret?: boolean;
  default?: string | number;
  defaultInfo?: { environment: string[] };
  language?: { csharp?: { name: string } };
}

/** An object: properties and which are always set. */
export interface ObjectSpec {
  type?: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** The whole package. */
export interface PackageSpec {
  [key: string]: unknown;
  config: { variables: Record<string, PropertySpec> };
  provider: {
    description: string;
    type: "object";
    inputProperties: Record<string, PropertySpec>;
    properties: Record<string, PropertySpec>;
  };
  types: Record<string, ObjectSpec & { type: "object" }>;
  resources: Record<string, unknown>;
  functions: Record<string, unknown>;
  language: Record<string, unknown>;
}
