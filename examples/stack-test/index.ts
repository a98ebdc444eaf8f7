// A small stack for the mocha test beside it: the sender must be connected on
// every deploy, and the account's connected numbers are exported as data.
import * as chatmaid from "@chatmaid/pulumi";

const sender = new chatmaid.PhoneNumber("sender", { id: "+15551234567", requireConnected: true });
const connected = chatmaid.getPhoneNumbersOutput({ connectionStatus: "connected" });

export const senderId = sender.phoneId;
export const connectedNumbers = connected.phoneNumbers.apply((numbers) => numbers.map((n) => n.phoneNumber));
