// The program of examples/yaml in Java, on the SDK generated from the chatmaid
// provider plugin's schema (Maven com.chatmaid.pulumi:chatmaid, sdk/java).
// Names are the generated SDK's: builders and accessors named as the schema's
// camelCase properties.
package example;

import com.chatmaid.pulumi.chatmaid.ChatmaidFunctions;
import com.chatmaid.pulumi.chatmaid.PhoneNumber;
import com.chatmaid.pulumi.chatmaid.PhoneNumberArgs;
import com.chatmaid.pulumi.chatmaid.Provider;
import com.chatmaid.pulumi.chatmaid.ProviderArgs;
import com.chatmaid.pulumi.chatmaid.inputs.GetPhoneNumbersArgs;
import com.chatmaid.pulumi.chatmaid.outputs.GetPhoneNumbersResult;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.CustomResourceOptions;

public class App {
    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    private static void stack(Context ctx) {
        var config = ctx.config();

        // Every connected number of the default account (stack config chatmaid:apiKey).
        var connected = ChatmaidFunctions.getPhoneNumbers(GetPhoneNumbersArgs.builder()
            .connectionStatus("connected")
            .build());

        // Fails every preview and update while the sender is not connected.
        var sender = new PhoneNumber("sender", PhoneNumberArgs.builder()
            .identifier(config.require("senderNumber"))
            .requireConnected(true)
            // How long a sender still connecting gets before the deploy fails.
            .waitForConnectedSeconds((double) config.getInteger("waitSeconds").orElse(30))
            .build());

        // A second account: an explicit provider with its own key.
        var secondAccount = new Provider("secondAccount", ProviderArgs.builder()
            .apiKey(config.requireSecret("secondAccountApiKey"))
            .build());

        var backupSender = new PhoneNumber("backupSender", PhoneNumberArgs.builder()
            .identifier(config.require("backupSenderNumber"))
            .requireConnected(true)
            .build(),
            CustomResourceOptions.builder().provider(secondAccount).build());

        // The second account's numbers, read through its own provider.
        var secondAccountNumbers = ChatmaidFunctions.getPhoneNumbers(GetPhoneNumbersArgs.Empty,
            InvokeOptions.builder().provider(secondAccount).build());

        ctx.export("environment", connected.applyValue(GetPhoneNumbersResult::environment));
        ctx.export("connectedIds", connected.applyValue(GetPhoneNumbersResult::ids));
        ctx.export("senderId", sender.phoneId());
        ctx.export("senderStatus", sender.connectionStatus());
        ctx.export("backupSenderId", backupSender.phoneId());
        ctx.export("secondAccountIds", secondAccountNumbers.applyValue(GetPhoneNumbersResult::ids));
    }
}
