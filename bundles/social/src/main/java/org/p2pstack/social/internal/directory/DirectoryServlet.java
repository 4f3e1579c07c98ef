package org.p2pstack.social.internal.directory;

import org.p2pstack.api.profile.ProfileRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.directory.Directory;
import org.p2pstack.api.directory.KnownPerson;
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.Requests;

/**
 * {@code GET /api/directory?q=name}: people known from gossip whose nickname contains {@code q}. Nicknames
 * are not unique, so each result carries its b32 address, which is. Results are ranked by trust, not by what a
 * record says: people the user follows or visited first ({@code "followed"}, {@code "visited"}, {@code "you"}),
 * then those this node has known longest ({@code "knownSince"}, ISO-8601), so a page can show who is who.
 * {@code "nearby"} marks people whose node is on the local network now; {@code ?nearby=true} lists only them.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/directory")
@HttpWhiteboardServletName("p2pstack-api-directory")
public final class DirectoryServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_QUERY = 100;

    private final transient Directory directory;
    private final transient Json json = new Json();
    /** People on the local network; absent while the IPFS stack is not running. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient NearbyPeople nearbyPeople;

    @Activate
    public DirectoryServlet(@Reference Directory directory) {
        this.directory = directory;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String q = Requests.query(request).getOrDefault("q", "");
        if (q.length() > MAX_QUERY) {
            json.error(response, 400, "The search is too long: at most " + MAX_QUERY + " characters.");
            return;
        }
        NearbyPeople local = nearbyPeople;
        Set<String> nearby = local == null ? Set.of() : local.b32s();
        boolean onlyNearby = "true".equals(Requests.query(request).get("nearby"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", q);
        body.put("known", directory.size());
        body.put("nearby", nearby.size());
        body.put("people", directory.searchRanked(q).stream()
                .filter(p -> !onlyNearby || nearby.contains(p.record().b32()))
                .map(p -> person(p, nearby.contains(p.record().b32()))).toList());
        json.send(response, 200, body);
    }

    static Map<String, Object> person(ProfileRecord r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("nickname", r.nickname());
        p.put("b32", r.b32());
        p.put("avatar", r.avatar());
        p.put("swarmKey", r.swarmKey());
        p.put("seq", r.seq());
        p.put("time", r.time());
        return p;
    }

    static Map<String, Object> person(KnownPerson person) {
        return person(person, false);
    }

    /** {@code nearby}: their node is on this local network now. */
    static Map<String, Object> person(KnownPerson person, boolean nearby) {
        Map<String, Object> p = person(person.record());
        p.put("nearby", nearby);
        p.put("followed", person.followed());
        p.put("visited", person.visited());
        p.put("you", person.self());
        p.put("knownSince", person.knownSince().toString());
        return p;
    }

    static List<Map<String, Object>> people(List<ProfileRecord> records) {
        return records.stream().map(DirectoryServlet::person).toList();
    }
}
