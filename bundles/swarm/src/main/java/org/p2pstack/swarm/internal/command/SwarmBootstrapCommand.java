package org.p2pstack.swarm.internal.command;

import java.io.PrintStream;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.swarm.internal.BootstrapList;
import org.p2pstack.swarm.internal.SwarmComponent;

@Command(scope = "swarm", name = "bootstrap", description = "Shows or sets the DHT bootstrap nodes",
        detailedDescription = "Without an argument: the bootstrap nodes in use, where they came from, and the configured ones left "
                + "out. With a list (host:port separated by commas, none to clear it): saves it in etc/org.p2pstack.swarm.cfg "
                + "and restarts the swarm stack with it.")
@Service
public class SwarmBootstrapCommand extends SwarmCommand {

    static final String PID = "org.p2pstack.swarm";
    static final String KEY = "bootstrap";

    @Reference
    ConfigurationAdmin configurationAdmin;

    @Argument(index = 0, name = "nodes", description = "host:port,host:port... (none: an empty list)", required = false)
    String nodes;

    @Override
    protected void run(PrintStream console) throws Exception {
        if (nodes == null) {
            show(console);
        } else {
            set(console);
        }
    }

    void show(PrintStream out) throws Exception {
        StackStatus s = swarmStatus();
        Map<String, Object> d = s == null ? Map.of() : s.details();
        Object inUse = d.get(SwarmComponent.DETAIL_BOOTSTRAP);
        row(out, 11, "in use", inUse == null ? "(the swarm stack has not started yet)" : inUse);
        if (inUse != null) {
            row(out, 11, "from", d.get(SwarmComponent.DETAIL_BOOTSTRAP_FROM));
        }
        if (d.get(SwarmComponent.DETAIL_BOOTSTRAP_DROPPED) != null) {
            row(out, 11, "left out", d.get(SwarmComponent.DETAIL_BOOTSTRAP_DROPPED));
        }
        Object configured = configured().get(KEY);
        row(out, 11, "configured", configured == null ? "(the default: the public Hyperswarm network)" : configured);
    }

    void set(PrintStream out) throws Exception {
        List<String> list = "none".equals(nodes.trim()) ? List.of() : BootstrapList.parse(nodes);
        if (list.isEmpty() && !"none".equals(nodes.trim())) {
            throw new IllegalArgumentException("no bootstrap node given; 'none' clears the list");
        }
        String value = String.join(",", list);
        Configuration config = configurationAdmin.getConfiguration(PID, null);
        Dictionary<String, Object> props = configured();
        props.put(KEY, value);
        // Felix File Install writes the change back to etc/org.p2pstack.swarm.cfg; the component restarts with it
        config.update(props);
        out.println("bootstrap set to " + (value.isEmpty() ? "none" : value) + "; the swarm stack restarts with it");
        if (!System.getProperty("p2pstack.swarm.bootstrap", "").isBlank()) {
            out.println("note: P2PSTACK_SWARM_BOOTSTRAP overrides it while this run lasts");
        }
    }

    private Dictionary<String, Object> configured() throws Exception {
        Dictionary<String, Object> current = configurationAdmin.getConfiguration(PID, null).getProperties();
        Dictionary<String, Object> copy = new Hashtable<>();
        if (current != null) {
            for (var keys = current.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                copy.put(k, current.get(k));
            }
        }
        return copy;
    }
}
