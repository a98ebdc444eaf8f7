// The basic example: read the account's numbers, look up the sender by E.164,
// require it connected on every deploy, and wire its ID into another resource.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as chatmaid from "@chatmaid/pulumi";

const config = new pulumi.Config();
const senderNumber = config.get("senderNumber") ?? "+15551234567";

// Every number in the account that owns the key (stack config chatmaid:apiKey).
const account = chatmaid.getPhoneNumbersOutput();

// The sender, by E.164. PhoneNumber records it in state and fails any preview
// or up while it is not connected.
const sender = new chatmaid.PhoneNumber("sender", { id: senderNumber, requireConnected: true });

// Anything keyed on the sender ID is replaced when the sender changes, so a
// new sender shows in the diff.
const senderToken = new random.RandomId("sender-token", {
  byteLength: 8,
  keepers: { senderId: sender.phoneId },
});

export const environment = account.environment;
export const phoneNumbers = account.phoneNumbers;
export const senderId = sender.phoneId;
export const senderStatus = sender.connectionStatus;
export const senderTokenHex = senderToken.hex;
