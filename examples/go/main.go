// The program of examples/yaml in Go, on the SDK generated from the chatmaid
// provider plugin's schema (module github.com/chatmaid/pulumi-chatmaid/sdk/go).
package main

import (
	"github.com/chatmaid/pulumi-chatmaid/sdk/go/chatmaid"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		// How long a sender still connecting gets before the deploy fails.
		waitSeconds := 30
		if v, err := cfg.TryInt("waitSeconds"); err == nil {
			waitSeconds = v
		}

		// Every connected number of the default account (stack config chatmaid:apiKey).
		connected, err := chatmaid.GetPhoneNumbers(ctx, &chatmaid.GetPhoneNumbersArgs{ConnectionStatus: "connected"})
		if err != nil {
			return err
		}

		// Fails every preview and update while the sender is not connected.
		sender, err := chatmaid.NewPhoneNumber(ctx, "sender", &chatmaid.PhoneNumberArgs{
			Identifier:              pulumi.String(cfg.Require("senderNumber")),
			RequireConnected:        pulumi.Bool(true),
			WaitForConnectedSeconds: pulumi.Float64(float64(waitSeconds)),
		})
		if err != nil {
			return err
		}

		// A second account: an explicit provider with its own key.
		secondAccount, err := chatmaid.NewProvider(ctx, "secondAccount", &chatmaid.ProviderArgs{
			ApiKey: cfg.RequireSecret("secondAccountApiKey"),
		})
		if err != nil {
			return err
		}
		backupSender, err := chatmaid.NewPhoneNumber(ctx, "backupSender", &chatmaid.PhoneNumberArgs{
			Identifier:       pulumi.String(cfg.Require("backupSenderNumber")),
			RequireConnected: pulumi.Bool(true),
		}, pulumi.Provider(secondAccount))
		if err != nil {
			return err
		}

		// The second account's numbers, read through its own provider.
		secondAccountNumbers := chatmaid.GetPhoneNumbersOutput(ctx, chatmaid.GetPhoneNumbersOutputArgs{},
			pulumi.Provider(secondAccount))

		ctx.Export("environment", pulumi.String(connected.Environment))
		ctx.Export("connectedIds", pulumi.ToStringArray(connected.Ids))
		ctx.Export("senderId", sender.PhoneId)
		ctx.Export("senderStatus", sender.ConnectionStatus)
		ctx.Export("backupSenderId", backupSender.PhoneId)
		ctx.Export("secondAccountIds", secondAccountNumbers.Ids())
		return nil
	})
}
