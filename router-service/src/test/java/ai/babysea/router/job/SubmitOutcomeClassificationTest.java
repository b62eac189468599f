package ai.babysea.router.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.provider.ProviderException;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.provider.http.HttpFailures;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failed provider calls leave the outcome of a submit unknown, so that the prediction is looked up first. */
class SubmitOutcomeClassificationTest {
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);

    private static ProviderFailure submit(Throwable error) {
        return ProviderCalls.classify(new CompletionException(error), true);
    }

    private static ProviderException answered(int status) {
        return new ProviderException(HttpFailures.classify("replicate", status, NO_HEADERS, "body"));
    }

    @Test
    void aSubmitThatTimedOutOrLostItsConnectionAfterSendingIsAmbiguous() {
        assertTrue(submit(new HttpTimeoutException("request timed out")).ambiguous());
        assertTrue(submit(new IOException("connection reset")).ambiguous());
        assertTrue(submit(answered(504)).ambiguous(), "a gateway timeout after the request was sent");
        assertTrue(submit(answered(502)).ambiguous());
        assertTrue(submit(answered(500)).ambiguous());
    }

    @Test
    void aSubmitTheProviderCertainlyDidNotTakeIsNot() {
        assertFalse(submit(new ConnectException("refused")).ambiguous(), "nothing was sent");
        assertFalse(submit(new HttpConnectTimeoutException("connect timed out")).ambiguous());
        assertFalse(submit(answered(429)).ambiguous(), "rate-limited: refused");
        assertFalse(submit(answered(503)).ambiguous(), "no capacity: refused");
        assertFalse(submit(answered(422)).ambiguous());
        assertEquals(ErrorCode.PROVIDER_RATE_LIMITED, submit(answered(429)).code());
    }

    @Test
    void aFailedPollIsNeverAmbiguous() {
        assertFalse(ProviderCalls.classify(new HttpTimeoutException("poll timed out"), false).ambiguous());
        assertFalse(ProviderCalls.classify(answered(504), false).ambiguous());
        assertTrue(ProviderCalls.classify(answered(504), false).retryable());
    }
}
