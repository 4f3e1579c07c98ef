package org.p2pstack.social.internal.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.profile.Profile;
import org.p2pstack.api.profile.ProfileException;
import org.p2pstack.api.profile.ProfileListener;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.util.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The profile, kept in {@code data/p2pstack/profile/} (profile.json and the avatar), written atomically. */
@Component(service = ProfileService.class)
public final class ProfileServiceImpl implements ProfileService {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileServiceImpl.class);
    private static final Gson GSON = new Gson();

    private final Path dir;
    private final Clock clock;
    private final List<ProfileListener> listeners = new CopyOnWriteArrayList<>();
    private Profile profile;
    private String avatarType;

    @Activate
    public ProfileServiceImpl(@Reference NodeEnvironment environment) {
        this(environment.dataDir("profile"), Clock.systemUTC());
    }

    ProfileServiceImpl(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        load();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(ProfileListener listener) {
        listeners.add(listener);
    }

    void removeListener(ProfileListener listener) {
        listeners.remove(listener);
    }

    private void load() {
        Path file = dir.resolve("profile.json");
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            String nickname = o.get("nickname").getAsString();
            String bio = o.has("bio") ? o.get("bio").getAsString() : "";
            avatarType = o.has("avatarType") && !o.get("avatarType").isJsonNull() ? o.get("avatarType").getAsString() : null;
            boolean hasAvatar = avatarType != null && Files.isRegularFile(dir.resolve("avatar"));
            // absent in files written before the choice existed: not linked
            boolean linkNetworks = o.has("linkNetworks") && o.get("linkNetworks").isJsonPrimitive()
                    && o.get("linkNetworks").getAsBoolean();
            profile = new Profile(nickname, bio, hasAvatar, Instant.parse(o.get("updated").getAsString()),
                    o.get("revision").getAsLong(), linkNetworks);
        } catch (IOException | RuntimeException e) {
            LOG.warn("The profile in {} cannot be read; starting without one", file, e);
        }
    }

    @Override
    public synchronized Optional<Profile> profile() {
        return Optional.ofNullable(profile);
    }

    @Override
    public String checkNickname(String nickname) {
        return Nicknames.check(nickname);
    }

    @Override
    public Profile update(String nickname, String bio) throws ProfileException {
        String problem = Nicknames.check(nickname);
        if (problem != null) {
            throw new ProfileException(problem);
        }
        String text = bio == null ? "" : bio.strip().replaceAll("[\\p{Cc}&&[^\\n]]", "");
        if (text.codePointCount(0, text.length()) > MAX_BIO) {
            throw new ProfileException("Your bio can have at most " + MAX_BIO + " characters.");
        }
        Profile changed;
        synchronized (this) {
            changed = new Profile(nickname.strip(), text, profile != null && profile.hasAvatar(), clock.instant(),
                    profile == null ? 1 : profile.revision() + 1, profile != null && profile.linkNetworks());
            save(changed, avatarType);
        }
        fire(changed);
        return changed;
    }

    @Override
    public Profile setAvatar(byte[] image) throws ProfileException {
        if (image == null || image.length == 0) {
            throw new ProfileException("The picture is empty.");
        }
        if (image.length > MAX_AVATAR_BYTES) {
            throw new ProfileException("This picture is too big: the limit is " + MAX_AVATAR_BYTES / 1024 / 1024 + " MB.");
        }
        String mime = AvatarPictures.mimeOf(image);
        if (mime == null) {
            throw new ProfileException("This file is not a picture. Please pick a JPEG, PNG or WebP image.");
        }
        Profile changed;
        synchronized (this) {
            if (profile == null) {
                throw new ProfileException("Please choose a nickname first.");
            }
            try {
                AtomicFiles.write(dir.resolve("avatar"), image, dir.resolve("tmp"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            changed = new Profile(profile.nickname(), profile.bio(), true, clock.instant(), profile.revision() + 1,
                    profile.linkNetworks());
            save(changed, mime);
        }
        fire(changed);
        return changed;
    }

    @Override
    public Profile setLinkNetworks(boolean linkNetworks) throws ProfileException {
        Profile changed;
        synchronized (this) {
            if (profile == null) {
                throw new ProfileException("Please choose a nickname first.");
            }
            if (profile.linkNetworks() == linkNetworks) {
                return profile;
            }
            changed = new Profile(profile.nickname(), profile.bio(), profile.hasAvatar(), clock.instant(), profile.revision() + 1,
                    linkNetworks);
            save(changed, avatarType);
        }
        // the signed record is re-signed with (or without) the swarm key and IPFS peer id by its listener
        fire(changed);
        return changed;
    }

    @Override
    public synchronized Optional<Avatar> avatar() {
        if (profile == null || !profile.hasAvatar()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Avatar(avatarType, Files.readAllBytes(dir.resolve("avatar"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void save(Profile changed, String type) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nickname", changed.nickname());
        json.put("bio", changed.bio());
        json.put("avatarType", type);
        json.put("updated", changed.updated().toString());
        json.put("revision", changed.revision());
        json.put("linkNetworks", changed.linkNetworks());
        try {
            AtomicFiles.write(dir.resolve("profile.json"), GSON.toJson(json).getBytes(StandardCharsets.UTF_8), dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the profile in " + dir, e);
        }
        profile = changed;
        avatarType = type;
    }

    private void fire(Profile changed) {
        for (ProfileListener listener : listeners) {
            try {
                listener.profileChanged(changed);
            } catch (RuntimeException e) {
                LOG.warn("A profile listener failed", e);
            }
        }
    }

}
