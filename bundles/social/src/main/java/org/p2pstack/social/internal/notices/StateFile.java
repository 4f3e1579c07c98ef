package org.p2pstack.social.internal.notices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

import org.p2pstack.util.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * One piece of the social loop's state kept as a JSON file, written atomically (a crash leaves the old or the new
 * file, never half of one). A file that cannot be read is kept aside as {@code .corrupt} and the state starts empty,
 * so one damaged file never stops the node.
 */
public final class StateFile<T> {

    private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);

    private final Path file;
    private final Class<T> type;
    private final Supplier<T> empty;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();

    public StateFile(Path file, Class<T> type, Supplier<T> empty) {
        this.file = file;
        this.type = type;
        this.empty = empty;
    }

    public T load() {
        if (!Files.isRegularFile(file)) {
            return empty.get();
        }
        try {
            T state = gson.fromJson(Files.readString(file, StandardCharsets.UTF_8), type);
            return state == null ? empty.get() : state;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            LOG.error("{} cannot be read; keeping it aside as .corrupt and starting empty", file, e);
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // reported above
            }
            return empty.get();
        }
    }

    public void save(T state) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, gson.toJson(state).getBytes(StandardCharsets.UTF_8), file.resolveSibling("tmp"));
        } catch (IOException e) {
            LOG.error("Cannot save {}", file, e);
        }
    }
}
