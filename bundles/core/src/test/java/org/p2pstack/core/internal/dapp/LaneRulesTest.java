package org.p2pstack.core.internal.dapp;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.p2pstack.api.dapp.DappPermission;
import org.p2pstack.core.internal.dapp.LaneRules.Lane;

class LaneRulesTest {

    private static final String[] SERVLET = { "javax.servlet.Servlet" };
    private static final String[] FILTER = { "javax.servlet.Filter" };
    private final Lane guestbook = new Lane("guestbook", Set.of());

    @Test
    void servletsBelowTheirOwnNameStand() {
        assertNull(LaneRules.refusal(guestbook, SERVLET, Map.of("osgi.http.whiteboard.servlet.pattern", "/dapps/guestbook/api/*")));
        assertNull(LaneRules.refusal(guestbook, SERVLET,
                Map.of("osgi.http.whiteboard.servlet.pattern", new String[] { "/dapps/guestbook/api/a", "/dapps/guestbook/b" })));
        assertNull(LaneRules.refusal(guestbook, SERVLET, Map.of("osgi.http.whiteboard.servlet.pattern", "/dapps/guestbook/*")));
        assertNull(LaneRules.refusal(guestbook, FILTER, Map.of("osgi.http.whiteboard.filter.pattern", "/dapps/guestbook/api/*")));
        assertNull(LaneRules.refusal(guestbook, new String[] { "java.lang.Object" },
                Map.of("osgi.http.whiteboard.resource.pattern", "/dapps/guestbook/static/*", "osgi.http.whiteboard.resource.prefix", "/web")));
    }

    @Test
    void theReviewsRogueServletsAreRefused() {
        // F7.1: a servlet over the node's own /api/status, and one on the public (I2P) site
        String status = LaneRules.refusal(guestbook, SERVLET,
                Map.of("osgi.http.whiteboard.servlet.pattern", "/api/status", "service.ranking", 100));
        assertTrue(status.contains("/api/status is outside its lane /dapps/guestbook/"), status);
        String pub = LaneRules.refusal(guestbook, SERVLET, Map.of("osgi.http.whiteboard.servlet.pattern", "/public/rogue"));
        assertTrue(pub.contains("outside its lane"), pub);
    }

    @Test
    void anotherDappsLaneIsNotOurs() {
        assertNotNull(LaneRules.refusal(guestbook, SERVLET, Map.of("osgi.http.whiteboard.servlet.pattern", "/dapps/home/api/x")));
        assertNotNull(LaneRules.refusal(guestbook, SERVLET, Map.of("osgi.http.whiteboard.servlet.pattern", "/dapps/guestbook2/*")));
        assertNotNull(LaneRules.refusal(guestbook, SERVLET, Map.of("osgi.http.whiteboard.servlet.pattern", "/dapps/*")));
        assertNotNull(LaneRules.refusal(guestbook, SERVLET, Map.of("osgi.http.whiteboard.servlet.pattern", "/dapps/guestbook/../../api")));
    }

    @Test
    void whatReachesEverythingIsRefused() {
        assertNotNull(LaneRules.refusal(guestbook, SERVLET, Map.of("osgi.http.whiteboard.servlet.pattern", "*.html")));
        assertNotNull(LaneRules.refusal(guestbook, SERVLET, Map.of("osgi.http.whiteboard.servlet.pattern", "/")));
        assertNotNull(LaneRules.refusal(guestbook, SERVLET, Map.of("osgi.http.whiteboard.servlet.errorPage", "404")));
        assertNotNull(LaneRules.refusal(guestbook, FILTER, Map.of("osgi.http.whiteboard.filter.regex", ".*")));
        assertNotNull(LaneRules.refusal(guestbook, FILTER, Map.of("osgi.http.whiteboard.filter.servlet", "p2pstack-api-status")));
        assertNotNull(LaneRules.refusal(guestbook, new String[] { "javax.servlet.ServletRequestListener" },
                Map.of("osgi.http.whiteboard.listener", "true")));
        assertNotNull(LaneRules.refusal(guestbook, new String[] { "org.osgi.service.http.context.ServletContextHelper" },
                Map.of("osgi.http.whiteboard.context.name", "mine", "osgi.http.whiteboard.context.path", "/")));
        assertNotNull(LaneRules.refusal(guestbook, new String[] { "org.ops4j.pax.web.service.whiteboard.ServletMapping" }, Map.of()));
        assertNotNull(LaneRules.refusal(guestbook, SERVLET, Map.of("alias", "/api/status")));
        assertNotNull(LaneRules.refusal(guestbook, SERVLET, Map.of("urlPatterns", List.of("/dapps/guestbook/a", "/login"))));
        assertNotNull(LaneRules.refusal(guestbook, SERVLET, Map.of("osgi.http.whiteboard.servlet.pattern", "/dapps/guestbook/a",
                "osgi.http.whiteboard.context.select", "(osgi.http.whiteboard.context.name=other)")));
        assertNotNull(LaneRules.refusal(guestbook, SERVLET, Map.of()), "a servlet that names no path");
    }

    @Test
    void thePublicSiteNeedsItsPermission() {
        Map<String, Object> publicPage = Map.of("osgi.http.whiteboard.servlet.pattern", "/public/dapps/guestbook/*");
        String refused = LaneRules.refusal(guestbook, SERVLET, publicPage);
        assertTrue(refused.contains("'public-site' permission"), refused);
        assertNull(LaneRules.refusal(new Lane("guestbook", EnumSet.of(DappPermission.PUBLIC_SITE)), SERVLET, publicPage));
        assertNotNull(LaneRules.refusal(new Lane("guestbook", EnumSet.of(DappPermission.PUBLIC_SITE)), SERVLET,
                Map.of("osgi.http.whiteboard.servlet.pattern", "/public/profile.json")));
    }

    @Test
    void aDappWithAnInvalidNameServesNothing() {
        // the review's Guest_Book: not listed, yet its servlets answered
        assertNotNull(LaneRules.refusal(new Lane(null, Set.of()), SERVLET,
                Map.of("osgi.http.whiteboard.servlet.pattern", "/dapps/Guest_Book/api/status")));
    }

    @Test
    void servicesFollowThePermissions() {
        String[] ipfs = { "org.p2pstack.api.ipfs.IpfsService" };
        assertTrue(LaneRules.hiddenService(guestbook, ipfs).contains("'ipfs' permission"));
        assertNull(LaneRules.hiddenService(new Lane("guestbook", EnumSet.of(DappPermission.IPFS)), ipfs));
        assertNotNull(LaneRules.hiddenService(new Lane("x", EnumSet.allOf(DappPermission.class)),
                new String[] { "org.p2pstack.api.i2p.I2pService" }), "the node's identity is never handed out");
        assertNull(LaneRules.hiddenService(guestbook, new String[] { "org.p2pstack.api.status.NodeStatusService" }));
        assertNull(LaneRules.hiddenService(guestbook, new String[] { "org.p2pstack.api.dapp.DappRegistry" }));
    }

    @Test
    void ordinaryServicesAreNotWebRegistrations() {
        assertNull(LaneRules.refusal(guestbook, new String[] { "java.lang.Runnable" }, Map.of("service.ranking", 5)));
    }
}
