// The basic example: read the account's numbers, look up the sender by E.164,
// require it connected on every deploy, and wire its ID into a setting.
import * as pulumi from "@pulumi/pulumi";
import * as chatmaid from "@chatmaid/pulumi";

const config = new pulumi.Config();
const senderNumber = config.get("senderNumber") ?? "+15551234567";

// Every number in the account that owns the key (stack config chatmaid:apiKey).
const account = chatmaid.getPhoneNumbersOutput();

// The sender, by E.164. PhoneNumber records it in state and fails any preview
// or up while it is not connected.
const sender = new chatmaid.PhoneNumber("sender", { id: senderNumber, requireConnected: true });

// Wire the sender ID into what sends messages (here a webhook setting): a new
// sender shows in the diff of everything that takes it.
export const senderWebhookSetting = pulumi.interpolate`whatsapp:sender=${sender.phoneId}`;

export const environment = account.environment;
export const phoneNumbers = account.phoneNumbers;
export const senderId = sender.phoneId;
export const senderStatus = sender.connectionStatus;
