package ai.babysea.ledger.transfer;

/** Naming of the four ledger accounts every customer has. */
final class AccountIds {
    static final String AVAILABLE = "available";
    static final String HELD = "held";
    static final String SPENT = "spent";
    static final String GRANTED = "granted";

    private AccountIds() {
    }

    static String of(String accountId, String kind) {
        return accountId + ":" + kind;
    }
}
