package org.p2pstack.sdk.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.p2pstack.api.dapp.DappDataKeeper;
import org.p2pstack.api.dapp.DappRegistry;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.swarm.HypercoreService;
import org.p2pstack.api.swarm.SwarmService;
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.Requests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code /dapps/<name>/_p2p/...} for every active dApp (see {@link DappP2p}); every other request below
 * {@code /dapps/} goes on to the dApp's own pages and servlets. It runs behind the site gate, which asks for the
 * session, refuses other sites and checks the token on changes exactly as for {@code /dapps/<name>/api/}. One filter
 * for all dApps, so nothing has to be registered or removed when a dApp comes or goes: the registry is asked on
 * every call.
 */
@Component(service = { Filter.class, DappDataKeeper.class }, immediate = true)
@HttpWhiteboardFilterPattern("/dapps/*")
@HttpWhiteboardFilterName("p2pstack-dapp-p2p")
public final class DappP2pFilter implements Filter, DappDataKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(DappP2pFilter.class);
    static final Pattern P2P_PATH = Pattern.compile("/dapps/([a-z][a-z0-9-]{0,31})/_p2p(/.*)?");
    /** How often new peers on dApps' topics are looked for and removed dApps forgotten. */
    static final long TICK_SECONDS = 2;

    private final DappP2p p2p;
    private final ScheduledExecutorService timer;
    private final Json json = new Json();

    @Activate
    public DappP2pFilter(@Reference DappRegistry registry, @Reference IpfsService ipfs, @Reference SwarmService swarm,
            @Reference HypercoreService cores, @Reference NodeEnvironment environment) {
        this.p2p = new DappP2p(registry, ipfs, swarm, cores, environment.dataDir("sdk"), Clock.systemUTC());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dapp-p2p");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            p2p.tick();
        } catch (RuntimeException e) {
            LOG.debug("dApp p2p tick: {}", e.getMessage());
        }
    }

    @Override
    public String release(String dappName) {
        return p2p.release(dappName);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        p2p.close();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Matcher m = P2P_PATH.matcher(path);
        if (!m.matches()) {
            chain.doFilter(request, response);
            return;
        }
        try {
            DappP2p.Answer answer = p2p.handle(m.group(1), request.getMethod(), m.group(2), Requests.query(request),
                    (max, tooBig) -> {
                        try {
                            return Requests.body(request, max, tooBig);
                        } catch (Requests.BadRequest e) {
                            throw new Refusal(e.status(), e.getMessage());
                        }
                    });
            if (answer.bytes() != null) {
                response.setStatus(answer.status());
                response.setContentType("application/octet-stream");
                response.setHeader("Cache-Control", "no-store");
                // bytes from the network: never rendered on the owner's origin
                response.setHeader("Content-Disposition", "attachment");
                response.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
                response.setContentLength(answer.bytes().length);
                if (!"HEAD".equals(request.getMethod())) {
                    response.getOutputStream().write(answer.bytes());
                }
            } else {
                json.send(response, answer.status(), answer.json());
            }
        } catch (Refusal e) {
            json.error(response, e.status(), e.getMessage());
        } catch (FileNotFoundException e) {
            json.error(response, 404, "Nothing with that content id was found.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            json.error(response, 503, "The node is shutting down.");
        } catch (IOException e) {
            if (response.isCommitted()) {
                throw e;
            }
            json.error(response, 502, e.getMessage() == null ? "The network stack could not do that." : e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("dApp p2p call {} {} failed", request.getMethod(), path, e);
            json.error(response, 500, "Something went wrong in the node; its log (data/log/karaf.log) says more.");
        }
    }
}
