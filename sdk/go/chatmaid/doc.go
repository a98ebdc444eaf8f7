// Read Chatmaid WhatsApp phone numbers as Pulumi infrastructure data, and fail deploys when a sender is not connected. Read-only: numbers are registered, connected and removed in the Chatmaid dashboard, never by Pulumi.
package chatmaid
