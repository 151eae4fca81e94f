package dev.jacobilens.engine.template;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

import java.io.IOException;

/**
 * {@code tojson} as transformers defines it for chat templates, {@code json.dumps(x,
 * ensure_ascii=False)}: Python's separators ", " and ": ", non-ASCII characters as they are.
 * Jinjava's own filter writes compact JSON, which would change the tokens a tool-calling
 * template feeds the model.
 */
final class PythonJsonFilter implements Filter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Python's default separators, on one line. */
    private static final class PythonSeparators extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
        try {
            return JSON.writer(new PythonSeparators()).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tojson cannot write " + value + ": " + e.getOriginalMessage(), e);
        }
    }
}
