package ai.babysea.api.internal;

import ai.babysea.api.internal.InternalClient.Target;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** ledger-service's internal REST API: balance, statement, grants. */
@ApplicationScoped
public class LedgerClient {
    private final InternalClient client;

    LedgerClient(InternalClient client) {
        this.client = client;
    }

    private static String account(String accountId) {
        return "/internal/accounts/" + URLEncoder.encode(accountId, StandardCharsets.UTF_8);
    }

    /** The ledger's balance document (`available_micros`, `held_micros`, ...). */
    public JsonNode balance(String accountId) {
        return client.require(Target.LEDGER, "GET", account(accountId) + "/balance", null);
    }

    /** Adds credits, idempotent by `grant_key`; returns the balance afterwards. */
    public JsonNode grant(String accountId, String grantKey, long amountMicros, String description) {
        return client.require(Target.LEDGER, "POST", account(accountId) + "/grants", new GrantRequest(grantKey, amountMicros, description));
    }

    /** The body of ledger-service's grant command. */
    record GrantRequest(String grantKey, long amountMicros, String description) {
    }

    /** A page of the credit statement, newest first. */
    public JsonNode statement(String accountId, int limit, int offset) {
        return client.require(Target.LEDGER, "GET", account(accountId) + "/statement?limit=" + limit + "&offset=" + offset, null);
    }
}
