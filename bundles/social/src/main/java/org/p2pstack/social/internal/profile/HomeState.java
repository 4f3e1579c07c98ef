package org.p2pstack.social.internal.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.i2p.I2pAddress;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.util.files.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What the home page remembers for the owner: how far the first-time set-up got (so it can be skipped and
 * resumed), and the friends' addresses entered there, kept for the follow feature.
 */
@Component(service = HomeState.class)
public final class HomeState {

    /** Steps of the first-time set-up: 0 welcome, 1 profile, 2 first content, 3 a friend, 4 done. */
    public static final int LAST_STEP = 4;
    static final int MAX_FRIENDS = 200;
    static final int MAX_ADDRESS = 300;
    private static final Gson GSON = new Gson();

    private final Path dir;
    private int step;
    private boolean dismissed;
    private final List<String> friends = new ArrayList<>();

    @Activate
    public HomeState(@Reference NodeEnvironment environment) {
        this(environment.dataDir("home"));
    }

    HomeState(Path dir) {
        this.dir = dir;
        try {
            Path file = dir.resolve("state.json");
            if (Files.isRegularFile(file)) {
                JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
                step = Math.max(0, Math.min(LAST_STEP, o.get("step").getAsInt()));
                dismissed = o.has("dismissed") && o.get("dismissed").getAsBoolean();
                JsonArray list = o.has("friends") ? o.getAsJsonArray("friends") : new JsonArray();
                list.forEach(e -> friends.add(e.getAsString()));
            }
        } catch (IOException | RuntimeException e) {
            step = 0; // unreadable: show the set-up again, nothing is lost but the position
        }
    }

    public synchronized Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("step", step);
        json.put("finished", step >= LAST_STEP);
        json.put("dismissed", dismissed);
        json.put("friends", List.copyOf(friends));
        return json;
    }

    public synchronized void setStep(int newStep, boolean newDismissed) {
        step = Math.max(0, Math.min(LAST_STEP, newStep));
        dismissed = newDismissed;
        save();
    }

    /** Adds a friend's address; returns null when saved, else what is wrong with it. */
    public synchronized String addFriend(String address) {
        String normal = normalise(address);
        if (normal == null) {
            return "That does not look like a p2pstack address. It ends in .b32.i2p (or .i2p), for example "
                    + "abcd…wxyz.b32.i2p. Ask your friend to copy it from their home page.";
        }
        if (!friends.contains(normal)) {
            if (friends.size() >= MAX_FRIENDS) {
                return "You have saved the most friends' addresses possible for now.";
            }
            friends.add(normal);
            save();
        }
        return null;
    }

    /** Hands the saved addresses over (to the follow list) and forgets them here. */
    public synchronized List<String> takeFriends() {
        List<String> taken = List.copyOf(friends);
        if (!taken.isEmpty()) {
            friends.clear();
            save();
        }
        return taken;
    }

    /**
     * The bare host of an I2P address (b32 or name) as {@link I2pAddress} reads it, also from a pasted link to a
     * page of the friend's site (the path is dropped); null if it is not one.
     */
    public static String normalise(String address) {
        return I2pAddress.tryParse(hostPart(address)).map(I2pAddress::host).orElse(null);
    }

    /** Why {@code address} is not an I2P address, in plain words (for messages after {@link #normalise} said no). */
    public static String whyNotAnAddress(String address) {
        try {
            I2pAddress.parse(hostPart(address));
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** What a pasted link names before its path: {@code http://host/page} gives {@code http://host}. */
    private static String hostPart(String address) {
        if (address == null || address.length() > MAX_ADDRESS) {
            return null;
        }
        String a = address.strip();
        int scheme = a.indexOf("://");
        int slash = a.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        return slash < 0 ? a : a.substring(0, slash);
    }

    private void save() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("step", step);
        json.put("dismissed", dismissed);
        json.put("friends", friends);
        try {
            AtomicFiles.write(dir.resolve("state.json"), GSON.toJson(json).getBytes(StandardCharsets.UTF_8), dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
