"""Reads Chatmaid phone numbers from two accounts and records the senders.

The same program as examples/yaml/Pulumi.yaml. Names are the generated SDK's:
snake_case arguments and attributes for the schema's camelCase properties.
"""

import pulumi
import pulumi_chatmaid as chatmaid

config = pulumi.Config()

# Every connected number of the default account (stack config chatmaid:apiKey).
connected = chatmaid.get_phone_numbers(connection_status="connected")

# Fails every preview and update while the sender is not connected.
sender = chatmaid.PhoneNumber(
    "sender",
    identifier=config.require("senderNumber"),
    require_connected=True,
    # How long a sender still connecting gets before the deploy fails.
    wait_for_connected_seconds=config.get_int("waitSeconds") or 30,
)

# A second account: an explicit provider with its own key.
second_account = chatmaid.Provider(
    "secondAccount",
    api_key=config.require_secret("secondAccountApiKey"),
)

backup_sender = chatmaid.PhoneNumber(
    "backupSender",
    identifier=config.require("backupSenderNumber"),
    require_connected=True,
    opts=pulumi.ResourceOptions(provider=second_account),
)

# The second account's numbers, read through its own provider.
second_account_numbers = chatmaid.get_phone_numbers_output(
    opts=pulumi.InvokeOptions(provider=second_account),
)

pulumi.export("environment", connected.environment)
pulumi.export("connectedIds", connected.ids)
pulumi.export("senderId", sender.phone_id)
pulumi.export("senderStatus", sender.connection_status)
pulumi.export("backupSenderId", backup_sender.phone_id)
pulumi.export("secondAccountIds", second_account_numbers.ids)
