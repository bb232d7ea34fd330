package io.rotender.platform.openapi;

import io.rotender.platform.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.List;
import java.util.Map;

/**
 * What every service's OpenAPI document says the same way, so a client generated from it knows every answer: the two
 * bearer credentials ({@code partnerKey} on the partner paths, {@code adminToken} on {@code /admin}), the problem+json
 * body ({@code Problem}) and the answers the chassis gives on every guarded path whatever the endpoint: 400 (a request
 * that breaks the contract, naming the field), 401 (no or unknown credential), 403 (a venue the partner key is not for),
 * 404 (an unknown id in the path), 413 (a body over 64 KiB). An endpoint's own answers (201, 202, 409, 422, 423, 429)
 * are declared on it; what it declares is never overwritten. Registered by {@code mp.openapi.filter}.
 */
public class ApiDocumentFilter implements OASFilter {

    static final String PARTNER_KEY = "partnerKey";
    static final String ADMIN_TOKEN = "adminToken";
    static final String PROBLEM = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSecurityScheme(PARTNER_KEY, bearer("A partner key (`rtk_<key id>.<secret>`), scoped to the partner's venues"));
        components.addSecurityScheme(ADMIN_TOKEN, bearer("An operator's admin token"));
        components.addSchema(PROBLEM, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach(this::describe);
    }

    private void describe(String path, PathItem item) {
        boolean admin = path.startsWith("/admin");
        boolean partner = path.startsWith("/venues/") || path.startsWith("/partner");
        if (!admin && !partner) {
            return;
        }
        for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
            Operation operation = entry.getValue();
            operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(admin ? ADMIN_TOKEN : PARTNER_KEY)));
            APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
            operation.setResponses(responses);
            problem(responses, "400", "The request breaks the contract (a field missing, malformed or unknown; invalid_params names it)");
            problem(responses, "401", "No credential, or one this service does not know (WWW-Authenticate: Bearer)");
            if (path.startsWith("/venues/")) {
                problem(responses, "403", "The partner key is not allowed for this venue");
            }
            if (path.matches(".*\\{[A-Za-z]+}.*") && !path.matches("/venues/\\{venueId}/?[A-Za-z-]*")) {
                problem(responses, "404", "No such resource (or one of another partner)");
            }
            if (entry.getKey() == PathItem.HttpMethod.POST || entry.getKey() == PathItem.HttpMethod.PUT
                    || entry.getKey() == PathItem.HttpMethod.PATCH) {
                problem(responses, "413", "The body is larger than 64 KiB");
            }
        }
    }

    private static void problem(APIResponses responses, String status, String description) {
        if (responses.hasAPIResponse(status)) {
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)))));
    }

    private static SecurityScheme bearer(String description) {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description(description);
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details; `type` is stable (https://rotender.io/problems/<slug>), clients branch on it")
                .addProperty("type", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).format("uri")
                        .examples(List.of(Problem.TYPE_BASE + "out-of-stock")))
                .addProperty("title", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)))
                .addProperty("detail", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("instance", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("invalid_params", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .description("400: each field that broke the contract and why")
                        .items(OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                                .addProperty("name", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                                .addProperty("reason", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))))
                .required(List.of("type", "title", "status"))
                .additionalPropertiesSchema(OASFactory.createSchema()
                        .description("members of one problem type: unavailable_drinks (409 out-of-stock), remaining_attempts "
                                + "(422 wrong-code), expected_amount (422 payment-mismatch), ..."));
    }
}
