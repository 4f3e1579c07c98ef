package org.p2pstack.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2pstack.itests.harness.NodeProcess;

/**
 * The layout rules of ARCHITECTURE.md, checked on the bundles the distribution ships (its {@code system/}
 * folder) and on the example dApp: manifests for what a bundle imports, class files for package cycles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitectureIT {

    /** The network stacks; the platform (core) stands below them and must not import their APIs. */
    static final Set<String> STACK_APIS = Set.of("org.p2pstack.api.i2p", "org.p2pstack.api.ipfs", "org.p2pstack.api.swarm",
            "org.p2pstack.api.torrent");
    /** What a dApp may import besides the p2pstack API: servlets, OSGi, and the JSON library. */
    static final List<String> DAPP_ALLOWED = List.of("org.p2pstack.api.", "javax.servlet", "org.osgi.", "com.google.gson");

    private final Map<String, Path> bundles = new TreeMap<>(); // symbolic name -> jar

    @BeforeAll
    void findBundles() throws IOException {
        Path system = NodeProcess.pathProperty("itest.distribution").resolve("system").resolve("org").resolve("p2pstack");
        try (Stream<Path> jars = Files.walk(system)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                String name = manifest(jar).getMainAttributes().getValue("Bundle-SymbolicName");
                if (name != null) {
                    bundles.put(name.split(";")[0].strip(), jar);
                }
            }
        }
        Path example = NodeProcess.pathProperty("itest.dapp");
        bundles.put(manifest(example).getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].strip(), example);
        assertFalse(bundles.isEmpty(), "no p2pstack bundles under " + system);
    }

    @Test
    void noBundleImportsAnotherBundlesInternals() throws IOException {
        Map<String, List<String>> offences = new TreeMap<>();
        for (Map.Entry<String, Path> bundle : bundles.entrySet()) {
            List<String> internal = imports(bundle.getValue()).stream()
                    .filter(p -> p.startsWith("org.p2pstack.") && (p.contains(".internal.") || p.endsWith(".internal"))).toList();
            if (!internal.isEmpty()) {
                offences.put(bundle.getKey(), internal);
            }
        }
        assertEquals(Map.of(), offences, "bundles importing other bundles' internal packages");
    }

    @Test
    void coreImportsNoStackApi() throws IOException {
        List<String> stackImports = imports(bundle("p2pstack-core")).stream().filter(STACK_APIS::contains).toList();
        assertEquals(List.of(), stackImports, "the platform must not depend on a network stack");
    }

    @Test
    void dappsImportOnlyTheApiServletOsgiAndJson() throws IOException {
        Map<String, List<String>> offences = new TreeMap<>();
        int dapps = 0;
        for (Map.Entry<String, Path> bundle : bundles.entrySet()) {
            if (manifest(bundle.getValue()).getMainAttributes().getValue("P2PStack-Dapp-Name") == null) {
                continue;
            }
            dapps++;
            List<String> outside = imports(bundle.getValue()).stream()
                    .filter(p -> DAPP_ALLOWED.stream().noneMatch(p::startsWith)).toList();
            if (!outside.isEmpty()) {
                offences.put(bundle.getKey(), outside);
            }
        }
        assertEquals(Map.of(), offences, "dApps importing outside the SDK");
        assertFalse(dapps < 2, "the home dApp and the example dApp are checked");
    }

    @Test
    void noPackageCyclesInsideABundle() throws IOException {
        Map<String, List<List<String>>> cycles = new TreeMap<>();
        for (Map.Entry<String, Path> bundle : bundles.entrySet()) {
            List<List<String>> found = PackageGraph.of(bundle.getValue()).cycles();
            if (!found.isEmpty()) {
                cycles.put(bundle.getKey(), found);
            }
        }
        assertEquals(Map.of(), cycles, "package cycles (each list is one strongly connected set of packages)");
    }

    private Path bundle(String symbolicName) {
        Path jar = bundles.get(symbolicName);
        if (jar == null) {
            throw new AssertionError(symbolicName + " is not in the distribution: " + bundles.keySet());
        }
        return jar;
    }

    static Manifest manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest();
        }
    }

    /** The package names of Import-Package, without attributes. */
    static List<String> imports(Path jar) throws IOException {
        String header = manifest(jar).getMainAttributes().getValue("Import-Package");
        List<String> packages = new ArrayList<>();
        if (header == null) {
            return packages;
        }
        // clauses are separated by commas outside quotes (version ranges hold commas inside quotes)
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : (header + ",").toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                packages.add(clause.toString().split(";")[0].strip());
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        return packages;
    }

    /** Which package of a bundle refers to which other package of the same bundle, read from its class files. */
    static final class PackageGraph {

        private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+);");
        private final Map<String, Set<String>> edges = new TreeMap<>();

        static PackageGraph of(Path jar) throws IOException {
            PackageGraph graph = new PackageGraph();
            Map<String, Set<String>> referencedByPackage = new HashMap<>();
            try (JarFile file = new JarFile(jar.toFile())) {
                for (var entry : java.util.Collections.list(file.entries())) {
                    String name = entry.getName();
                    if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                        continue;
                    }
                    String from = packageOf(name.substring(0, name.length() - ".class".length()));
                    graph.edges.computeIfAbsent(from, k -> new TreeSet<>());
                    try (InputStream in = file.getInputStream(entry)) {
                        referencedByPackage.computeIfAbsent(from, k -> new TreeSet<>()).addAll(referencedClasses(in));
                    }
                }
            }
            for (Map.Entry<String, Set<String>> e : referencedByPackage.entrySet()) {
                for (String type : e.getValue()) {
                    String to = packageOf(type);
                    if (!to.equals(e.getKey()) && graph.edges.containsKey(to)) {
                        graph.edges.get(e.getKey()).add(to);
                    }
                }
            }
            return graph;
        }

        private static String packageOf(String internalName) {
            int slash = internalName.lastIndexOf('/');
            return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
        }

        /** Class names in a class file's constant pool: class entries and types named in descriptors/signatures. */
        static Set<String> referencedClasses(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            if (data.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            data.readUnsignedShort();
            data.readUnsignedShort();
            int count = data.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classNameIndexes = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = data.readUTF();
                    case 7 -> classNameIndexes.add(data.readUnsignedShort());
                    case 8, 16, 19, 20 -> data.readUnsignedShort();
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.readInt();
                    case 15 -> {
                        data.readUnsignedByte();
                        data.readUnsignedShort();
                    }
                    case 5, 6 -> {
                        data.readLong();
                        i++; // longs and doubles take two slots
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            Set<String> types = new TreeSet<>();
            for (int index : classNameIndexes) {
                String name = utf8[index];
                if (name != null) {
                    Matcher array = TYPE_IN_DESCRIPTOR.matcher(name);
                    if (name.startsWith("[")) {
                        while (array.find()) {
                            types.add(array.group(1));
                        }
                    } else {
                        types.add(name);
                    }
                }
            }
            for (String text : utf8) {
                if (text != null && text.indexOf(';') > 0) {
                    Matcher m = TYPE_IN_DESCRIPTOR.matcher(text);
                    while (m.find()) {
                        types.add(m.group(1));
                    }
                }
            }
            return types;
        }

        /** Strongly connected sets of more than one package (Tarjan), each sorted, in a stable order. */
        List<List<String>> cycles() {
            Map<String, Integer> index = new HashMap<>();
            Map<String, Integer> low = new HashMap<>();
            Deque<String> stack = new ArrayDeque<>();
            Set<String> onStack = new java.util.HashSet<>();
            List<List<String>> result = new ArrayList<>();
            int[] counter = { 0 };
            for (String node : edges.keySet()) {
                if (!index.containsKey(node)) {
                    connect(node, index, low, stack, onStack, result, counter);
                }
            }
            return result;
        }

        private void connect(String node, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                Set<String> onStack, List<List<String>> result, int[] counter) {
            index.put(node, counter[0]);
            low.put(node, counter[0]++);
            stack.push(node);
            onStack.add(node);
            for (String next : edges.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    connect(next, index, low, stack, onStack, result, counter);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (onStack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                List<String> component = new ArrayList<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                if (component.size() > 1) {
                    component.sort(null);
                    result.add(component);
                }
            }
        }

        Map<String, Set<String>> edges() {
            return new LinkedHashMap<>(edges);
        }
    }
}
