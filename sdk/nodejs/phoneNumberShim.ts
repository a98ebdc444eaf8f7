import type * as pulumi from "@pulumi/pulumi";
import type { PhoneNumberOperations, ProviderConfig } from "../../provider";

/** The serialized provider: Pulumi's interface plus what it keeps on `this`. */
export interface PhoneNumberShim extends pulumi.dynamic.ResourceProvider {
  /** Stack config read in `configure`; lives only in the plugin process, never in state. */
  chatmaidConfig?: ProviderConfig;
  /** The operations for the current configuration, loaded in the plugin process. */
  operations(): PhoneNumberOperations;
}

/**
 * The provider object serialized into state for every `PhoneNumber`. The
 * engine runs it in a fresh plugin process, so each method is self-contained:
 * it requires the package by name there (from the program's node_modules) and
 * delegates. Nothing here may capture a module variable, and credentials
 * arrive only through `configure` or the plugin's environment, kept on `this`.
 */
export const phoneNumberProvider: PhoneNumberShim = {
  async configure(req) {
    this.chatmaidConfig = require("@chatmaid/pulumi/provider").readProviderConfig(req.config);
  },
  operations() {
    return require("@chatmaid/pulumi/provider").dynamicProviderOperations(this.chatmaidConfig ?? {});
  },
  async check(_olds, news) {
    return this.operations().check(news);
  },
  async diff(id, olds, news) {
    return this.operations().diff(id, olds, news);
  },
  async create(inputs) {
    return this.operations().create(inputs);
  },
  async read(id, props) {
    return this.operations().read(id, props);
  },
  async update(_id, olds, news) {
    return this.operations().update(news, olds);
  },
  // Forgetting is all delete does: numbers are registered and removed in the Chatmaid dashboard.
  async delete() {},
};
