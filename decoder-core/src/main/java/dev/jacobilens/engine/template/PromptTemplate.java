package dev.jacobilens.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.store.InputFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A prompt template: the Jinja chat template that turns a typed prompt into the text a chat or
 * instruction model was trained on (its role markers, system prompt and special tokens), as
 * transformers' {@code apply_chat_template(messages, add_generation_prompt=True)} renders it for
 * a single user message. The rendered text is tokenized without adding special tokens: the
 * template writes the ones it wants ({@code bos_token}, {@code <|im_start|>}, ...).
 */
public final class PromptTemplate {
    public static final String AUTO = "auto";
    public static final String NONE = "none";
    private static final String CONFIG = "tokenizer_config.json";
    /** What a template is given to check it at load time, before any real prompt. */
    private static final String TRIAL_PROMPT = "Hello";

    private final String name;
    private final Path source;
    private final String text;
    private final Map<String, Object> specialTokens;
    private final ChatTemplateRenderer renderer = new ChatTemplateRenderer();

    private PromptTemplate(String name, Path source, String text, Map<String, Object> specialTokens) {
        this.name = name;
        this.source = source;
        this.text = text;
        this.specialTokens = specialTokens;
    }

    /**
     * The template {@code --template} asks for: {@code auto} (the model's own chat template when it
     * has one: {@code chat_template} in tokenizer_config.json, or chat_template.jinja), {@code none}
     * or a Jinja file. Checked by rendering a trial prompt, so a broken template is refused here.
     *
     * @return the template, or null for none (the prompt goes to the tokenizer as typed)
     * @throws EngineException naming the file and the problem
     */
    public static PromptTemplate choose(Path modelDir, String option) {
        String o = option == null ? AUTO : option.trim();
        if (o.equals(NONE)) {
            return null; // tokenizer_config.json is not read at all, as before templates existed
        }
        Map<String, Object> specials = specialTokens(modelDir.resolve(CONFIG));
        PromptTemplate t;
        if (o.equals(AUTO)) {
            t = modelTemplate(modelDir, specials);
            if (t == null) {
                return null;
            }
        } else {
            Path file = Path.of(o);
            t = new PromptTemplate(file.getFileName().toString(), file, readText(file), specials);
        }
        t.render(TRIAL_PROMPT);
        return t;
    }

    private static PromptTemplate modelTemplate(Path dir, Map<String, Object> specials) {
        Path config = dir.resolve(CONFIG);
        JsonNode template = readJson(config).path("chat_template");
        if (template.isTextual()) {
            return new PromptTemplate("chat_template of " + CONFIG, config, template.asText(), specials);
        }
        if (template.isArray()) { // [{"name": "default", "template": "..."}, {"name": "tool_use", ...}]
            for (JsonNode named : template) {
                if (named.path("name").asText().equals("default") && named.path("template").isTextual()) {
                    return new PromptTemplate("chat_template 'default' of " + CONFIG, config,
                            named.path("template").asText(), specials);
                }
            }
            throw new EngineException(config + ": chat_template lists named templates but none called 'default'");
        }
        if (!template.isMissingNode() && !template.isNull()) {
            throw new EngineException(config + ": chat_template must be a string or a list of named templates");
        }
        Path jinja = dir.resolve("chat_template.jinja"); // where newer transformers save it
        if (Files.exists(jinja)) {
            return new PromptTemplate("chat_template.jinja", jinja, readText(jinja), specials);
        }
        return null;
    }

    /** bos_token, eos_token, unk_token and pad_token as the template sees them (a string or None). */
    private static Map<String, Object> specialTokens(Path config) {
        JsonNode root = readJson(config);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : List.of("bos_token", "eos_token", "unk_token", "pad_token")) {
            JsonNode v = root.path(key);
            // a token is a string or an AddedToken object {"content": ...}
            String token = v.isTextual() ? v.asText() : v.path("content").isTextual() ? v.path("content").asText() : null;
            out.put(key, token);
        }
        return out;
    }

    private static JsonNode readJson(Path file) {
        if (!Files.exists(file)) {
            return new ObjectMapper().createObjectNode();
        }
        try {
            JsonNode root = new ObjectMapper().readTree(readText(file));
            return root == null ? new ObjectMapper().createObjectNode() : root;
        } catch (IOException e) {
            throw new EngineException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static String readText(Path file) {
        String problem = InputFiles.problem(file);
        if (problem != null) {
            throw new EngineException(file + ": " + (problem.equals("no such file") ? "template file is missing" : problem));
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Shown and stored with recordings: "chat_template of tokenizer_config.json", or the file's name. */
    public String name() {
        return name;
    }

    public Path source() {
        return source;
    }

    /**
     * The text the model sees for a typed prompt: the template rendered with that prompt as the
     * one user message and the generation prompt added.
     *
     * @throws EngineException naming the template's file and what went wrong
     */
    public String render(String prompt) {
        try {
            return renderer.render(text, List.of(Map.of("role", "user", "content", prompt)), specialTokens);
        } catch (IllegalArgumentException e) {
            throw new EngineException(source + ": the prompt template cannot be rendered: " + e.getMessage(), e);
        }
    }
}
