package io.rotender.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotender.systemtests.client.PlatformClient;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sets up venues from a file through the admin APIs (idempotent: run it again after editing the file):
 * venue, ingredients and drinks in menu-service, units and their slots in inventory-service, partners in
 * menu-service. A partner without a saved key gets one, written to {@code <state>/partner-key-<id>}.
 * <p>
 * Usage: {@code LoadVenue <file.json> <admin-token-file> <state-dir> [menu-url] [inventory-url]}
 */
public final class LoadVenue {

    private LoadVenue() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: LoadVenue <file.json> <admin-token-file> <state-dir> [menu-url] [inventory-url]");
            System.exit(2);
        }
        String menu = args.length > 3 ? args[3] : "http://localhost:8081";
        String inventory = args.length > 4 ? args[4] : "http://localhost:8082";
        String connectors = args.length > 5 ? args[5] : "http://localhost:8084";
        PlatformClient admin = new PlatformClient(Files.readString(Path.of(args[1])).strip());
        Path state = Path.of(args[2]);
        JsonNode file = admin.mapper().readTree(withLocalSecrets(Files.readString(Path.of(args[0])), state));

        for (JsonNode venue : file.path("venues")) {
            String venueId = venue.get("id").asText();
            admin.expect("PUT", menu + "/admin/venues/" + venueId, without(venue, "id", "ingredients", "drinks", "units", "pos"), 200, 201);
            for (JsonNode ingredient : venue.path("ingredients")) {
                admin.expect("PUT", menu + "/admin/venues/" + venueId + "/ingredients/" + ingredient.get("id").asText(),
                        without(ingredient, "id"), 200, 201);
            }
            for (JsonNode drink : venue.path("drinks")) {
                admin.expect("PUT", menu + "/admin/venues/" + venueId + "/drinks/" + drink.get("id").asText(),
                        without(drink, "id"), 200, 201);
            }
            for (JsonNode unit : venue.path("units")) {
                admin.expect("PUT", inventory + "/admin/venues/" + venueId + "/units/" + unit.get("id").asText(),
                        without(unit, "id"), 200, 201);
            }
            if (venue.has("pos")) {
                admin.expect("PUT", connectors + "/admin/venues/" + venueId + "/pos", venue.get("pos"), 200, 201);
            }
            System.out.printf("Venue %s: %d ingredients, %d drinks, %d units%s%n", venueId, venue.path("ingredients").size(),
                    venue.path("drinks").size(), venue.path("units").size(),
                    venue.has("pos") ? ", POS " + venue.path("pos").path("pos").asText() : "");
        }
        for (JsonNode partner : file.path("partners")) {
            String partnerId = partner.get("id").asText();
            admin.expect("PUT", menu + "/admin/partners/" + partnerId, without(partner, "id"), 200, 201);
            Path keyFile = state.resolve("partner-key-" + partnerId);
            if (!Files.exists(keyFile)) {
                JsonNode issued = admin.expect("POST", menu + "/admin/partners/" + partnerId + "/keys", null, 201).body();
                Files.writeString(keyFile, issued.get("key").asText() + "\n");
                System.out.printf("Partner %s: new key written to %s (shown once by the API; keep it secret)%n", partnerId, keyFile);
            } else {
                System.out.printf("Partner %s: key already in %s%n", partnerId, keyFile);
            }
        }
    }

    /** Replaces {@code ${local:name}} with the content of {@code <state>/name}: secrets stay out of the file. */
    private static String withLocalSecrets(String text, Path state) throws java.io.IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{local:([a-z0-9-]+)}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Path secret = state.resolve(m.group(1));
            if (!Files.exists(secret)) {
                throw new IllegalStateException("The venue file needs " + secret + ": start the platform with deploy/local/run first");
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(Files.readString(secret).strip()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode without(JsonNode node, String... fields) {
        ObjectNode copy = node.deepCopy();
        for (String field : fields) {
            copy.remove(field);
        }
        return copy;
    }
}
