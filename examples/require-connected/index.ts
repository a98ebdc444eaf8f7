// Deploy-time validation of several senders: the stack fails to preview or
// deploy while any of them is missing or not connected.
import * as pulumi from "@pulumi/pulumi";
import * as chatmaid from "@chatmaid/pulumi";

const config = new pulumi.Config();
const senders: string[] = config.getObject<string[]>("senders") ?? ["+15551234567", "+15555678901"];
// A number mid-connection gets this long to finish before the deploy fails.
const waitSeconds = config.getNumber("waitSeconds") ?? 30;

// One resource per sender: each holds on every deploy, and refresh re-reads it.
const recorded = senders.map(
  (id, i) =>
    new chatmaid.PhoneNumber(`sender-${i}`, { id, requireConnected: true, waitForConnectedSeconds: waitSeconds }),
);

// The same check as one read: every required number must exist and be connected.
const checked = chatmaid.getPhoneNumbersOutput({
  required: senders,
  requireConnected: true,
  waitForConnectedSeconds: waitSeconds,
});

export const senderIds = recorded.map((r) => r.phoneId);
export const connectedIds = checked.ids;
