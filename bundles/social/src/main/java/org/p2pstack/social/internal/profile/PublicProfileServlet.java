package org.p2pstack.social.internal.profile;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.i2p.I2pAddress;
import org.p2pstack.api.profile.ProfileService;
import org.p2pstack.social.internal.directory.OwnProfileRecord;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.directory.ProfileRecords;
import org.p2pstack.util.web.Json;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The public, read-only profile: {@code /profile.json} and {@code /avatar} on the public connector. Once the node
 * has an I2P identity, {@code /profile.json} carries the signed profile record's fields beside the bio and the
 * picture's URL (which are not signed), so a visitor can check who published it. {@code /visitor.json} tells a
 * visitor which I2P address the node sees them as.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/public/profile.json", "/public/avatar", "/public/visitor.json" })
@HttpWhiteboardServletName("p2pstack-public-profile")
public final class PublicProfileServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ProfileService profiles;
    private final transient Json json = new Json();
    private transient volatile OwnProfileRecord record;

    @Activate
    public PublicProfileServlet(@Reference ProfileService profiles) {
        this.profiles = profiles;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindRecord(OwnProfileRecord service) {
        record = service;
    }

    void unbindRecord(OwnProfileRecord service) {
        if (record == service) {
            record = null;
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/public/visitor.json".equals(request.getServletPath())) {
            // who the I2P server tunnel says is visiting (verified there; anything the visitor sent is replaced)
            String b32 = request.getHeader("X-I2P-DestB32");
            Map<String, Object> visitor = new java.util.HashMap<>();
            visitor.put("b32", I2pAddress.tryParse(b32).filter(I2pAddress::isB32).map(I2pAddress::host).orElse(null));
            json.send(response, 200, visitor);
            return;
        }
        if ("/public/avatar".equals(request.getServletPath())) {
            ProfileServlet.sendAvatar(response, profiles, "public, max-age=60");
            return;
        }
        Map<String, Object> body = ProfileServlet.body(profiles.profile(), "/avatar");
        if (body.get("profile") == null) {
            json.error(response, 404, "This person has not set up their profile yet.");
            return;
        }
        JsonObject profile = new GsonBuilder().serializeNulls().create().toJsonTree(body.get("profile")).getAsJsonObject();
        OwnProfileRecord own = record;
        Optional<ProfileRecord> signed = own == null ? Optional.empty() : own.current();
        signed.ifPresent(r -> JsonParser.parseString(ProfileRecords.toJson(r)).getAsJsonObject().entrySet()
                .forEach(e -> profile.add(e.getKey(), e.getValue())));
        json.send(response, 200, profile);
    }
}
