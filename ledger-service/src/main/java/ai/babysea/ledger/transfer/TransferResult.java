package ai.babysea.ledger.transfer;

import ai.babysea.contracts.ErrorCode;

/**
 * What one transfer command did, TigerBeetle style: every command answers with a result instead of throwing, so one
 * bad event never aborts the batch it travels in. {@code code} is null unless the status is {@link Status#REJECTED}
 * or {@link Status#DEFERRED}; {@code field} names the differing or invalid field of a conflict.
 */
public record TransferResult(Status status, ErrorCode code, String field) {
    /** Outcome of a command. */
    public enum Status {
        /** The transfer (or rejection) was created now. */
        CREATED,
        /** The same command was applied before; nothing changed. */
        EXISTS,
        /** The reservation is not there yet: the terminal fact was recorded and applies when it arrives. */
        DEFERRED,
        /** A rule refused the command; nothing changed except, for requests, the recorded rejection. */
        REJECTED
    }

    static TransferResult created() {
        return new TransferResult(Status.CREATED, null, null);
    }

    static TransferResult exists() {
        return new TransferResult(Status.EXISTS, null, null);
    }

    static TransferResult deferred() {
        return new TransferResult(Status.DEFERRED, ErrorCode.LEDGER_PENDING_TRANSFER_NOT_FOUND, null);
    }

    static TransferResult rejected(ErrorCode code, String field) {
        return new TransferResult(Status.REJECTED, code, field);
    }

    /** Whether the command changed nothing because of a rule (not because it was a harmless repeat). */
    public boolean isRejected() {
        return status == Status.REJECTED;
    }

    @Override
    public String toString() {
        return code == null ? status.name() : status + " " + code.code() + (field == null ? "" : " (" + field + ")");
    }
}
