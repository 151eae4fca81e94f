package dev.jacobilens.store;

import com.fasterxml.jackson.databind.DeserializationContext;

import java.io.IOException;

/**
 * The check the lenient readers ({@link RecordingReader}, {@link DecodeSettingsJson}) make after
 * binding to a holder: every field but the optional ones must have been present.
 */
final class RequiredFields {
    private RequiredFields() {
    }

    /**
     * Reports the first field whose value is null.
     *
     * @param namesAndValues a field's name in the file, then its bound value, for each field
     */
    static void check(DeserializationContext ctxt, Class<?> type, String owner, Object... namesAndValues)
            throws IOException {
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                ctxt.reportInputMismatch(type, "Missing required field '" + namesAndValues[i] + "' of the " + owner);
            }
        }
    }
}
