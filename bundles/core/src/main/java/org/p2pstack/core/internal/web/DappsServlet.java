package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.dapp.Dapp;
import org.p2pstack.api.dapp.DappPermission;
import org.p2pstack.api.dapp.DappRegistry;
import org.p2pstack.api.dapp.DappStatus;

import org.p2pstack.util.web.Json;
/**
 * {@code GET /api/dapps}: the running dApps for the apps menu ({@code dapps}), and every dApp the node knows of with
 * its state and the reason when it is not running ({@code all}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/dapps")
@HttpWhiteboardServletName("p2pstack-api-dapps")
public final class DappsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient DappRegistry registry;
    private final transient Json json = new Json();

    @Activate
    public DappsServlet(@Reference DappRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<Map<String, Object>> dapps = registry.list().stream().map(DappsServlet::toJson).toList();
        List<Map<String, Object>> all = registry.all().stream().map(DappsServlet::toJson).toList();
        json.send(response, 200, Map.of("dapps", dapps, "all", all));
    }

    static Map<String, Object> toJson(DappStatus status) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", status.name());
        entry.put("title", status.title());
        entry.put("version", status.version());
        entry.put("state", status.state().name().toLowerCase(Locale.ROOT));
        entry.put("reason", status.reason());
        entry.put("runningVersion", status.runningVersion());
        entry.put("source", status.source());
        entry.put("permissions", permissions(status.permissions()));
        return entry;
    }

    static List<Map<String, String>> permissions(Set<DappPermission> permissions) {
        return permissions.stream().sorted()
                .map(p -> Map.of("name", p.headerValue(), "meaning", p.plainWords())).toList();
    }

    static Map<String, Object> toJson(Dapp dapp) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", dapp.name());
        entry.put("title", dapp.title());
        entry.put("description", dapp.description());
        entry.put("version", dapp.version());
        entry.put("url", dapp.url());
        entry.put("iconUrl", dapp.iconUrl());
        entry.put("permissions", permissions(dapp.permissions()));
        return entry;
    }
}
