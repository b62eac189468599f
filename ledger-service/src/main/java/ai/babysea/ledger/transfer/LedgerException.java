package ai.babysea.ledger.transfer;

import ai.babysea.contracts.ErrorCode;

/** A ledger rule rejected a command; carries the error code and, for conflicts, the differing field. */
public class LedgerException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    public LedgerException(ErrorCode code, String message, String field) {
        super(message);
        this.code = code;
        this.field = field;
    }

    /** The machine code. */
    public ErrorCode code() {
        return code;
    }

    /** The field that differs or is invalid, or null. */
    public String field() {
        return field;
    }
}
