package dev.porter;

/** Bad input: names the field that was wrong and why. Nothing was stored. */
public class InvalidJobException extends IllegalArgumentException {
    private final String field;

    public InvalidJobException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
